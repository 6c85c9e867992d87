/** Public surface of the library mirror sync. */
export type { LibrarySource, SourceBook, SourceLibrary, SourceSummary } from './library-source.port.js';
export type { LibraryMirrorStore, MirrorBook, MirrorItemState, MirrorWriter, SeriesMembership, SeriesStats } from './mirror-store.port.js';
export { syncLibraries, toTaskOutcome, type LibrarySyncCounts, type LibrarySyncDeps, type LibrarySyncOptions } from './library-sync.js';
export { syncItem, syncItemsOf, removeItem, type ItemSyncResult } from './item-sync.js';
export { createLibrarySync, type LibrarySync } from './library-sync.service.js';
export { toMirrorBook, parsePublishedYear, seriesNameKey } from './mirror-book.js';
export { summaryFingerprint, bookFingerprint } from './sync-fingerprint.js';
export { computeSeriesStats } from './series-stats.js';
