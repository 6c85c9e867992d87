/** Port of the library mirror in Postgres (implemented by src/db/repositories/library.repository.ts). */

/** What the sync remembers about one mirrored ABS item, to decide whether it must be written again. */
export interface MirrorItemState {
  absItemId: string;
  absLibraryId: string | null;
  syncHash: string | null;
  isMissing: boolean;
  removed: boolean;
}

/** A book ready to be written: ABS values plus the folded look-up keys and the change fingerprint. */
export interface MirrorBook {
  absItemId: string;
  absLibraryId: string;
  title: string;
  subtitle: string | null;
  titleKey: string;
  asin: string | null;
  isbn: string | null;
  narrators: string[];
  publisher: string | null;
  publishedYear: number | null;
  language: string | null;
  genres: string[];
  description: string | null;
  durationSeconds: number | null;
  sizeBytes: number | null;
  path: string;
  isMissing: boolean;
  absAddedAt: Date;
  absUpdatedAt: Date;
  syncHash: string;
  /** In book order. */
  authors: Array<{ absAuthorId: string; name: string; nameKey: string }>;
  series: Array<{ absSeriesId: string; name: string; nameKey: string; sequence: string | null }>;
}

/** One book's place in a series, as needed to count what the user owns of it. */
export interface SeriesMembership {
  seriesId: string;
  knownTotal: number | null;
  /** null for a series without any linked book. */
  bookId: string | null;
  sequence: string | null;
  /** Missing on disk or removed from ABS: not owned any more. */
  gone: boolean;
}

export interface SeriesStats {
  seriesId: string;
  ownedCount: number;
  completion: number | null;
}

/** Writes of one sync run (or one item); everything inside `write` commits together or not at all. */
export interface MirrorWriter {
  /** The state of these items as committed now (read inside the write, after other writers finished). */
  itemStates(absItemIds: readonly string[]): Promise<MirrorItemState[]>;
  /** Upserts books with their authors, series and links; returns the series whose membership may have changed. */
  upsertBooks(books: readonly MirrorBook[]): Promise<{ written: number; touchedSeriesIds: string[] }>;
  /** Marks items as gone from ABS (kept, not deleted); returns how many were newly marked and their series. */
  markRemoved(absItemIds: readonly string[], at: Date): Promise<{ marked: number; touchedSeriesIds: string[] }>;
  /** Members of the given series (all series when 'all'). */
  seriesMembership(scope: readonly string[] | 'all'): Promise<SeriesMembership[]>;
  /** Writes the stats that differ from the stored ones; returns how many rows changed. */
  writeSeriesStats(stats: readonly SeriesStats[]): Promise<number>;
}

export interface LibraryMirrorStore {
  /** The sync state of every item mirrored from ABS. */
  syncState(): Promise<MirrorItemState[]>;
  itemState(absItemId: string): Promise<MirrorItemState | null>;
  /** The mirrored, not removed, ABS items whose books name this ABS author or series. */
  itemIdsNaming(ref: { authorId: string } | { seriesId: string }): Promise<string[]>;
  /** Runs the writes in one transaction (a savepoint when the store is already inside one). */
  write<T>(work: (writer: MirrorWriter) => Promise<T>): Promise<T>;
}
