import { removeItem, syncItem, syncItemsOf, type ItemSyncResult } from './item-sync.js';
import { syncLibraries, type LibrarySyncCounts, type LibrarySyncDeps, type LibrarySyncOptions } from './library-sync.js';

/** The library sync as one object, for the job, the inbox handler and whoever else needs it (wired in main). */
export interface LibrarySync {
  syncAll(options?: LibrarySyncOptions): Promise<LibrarySyncCounts>;
  syncItem(absItemId: string): Promise<ItemSyncResult>;
  removeItem(absItemId: string): Promise<ItemSyncResult>;
  syncItemsOf(ref: { authorId: string } | { seriesId: string }): Promise<ItemSyncResult[]>;
}

export function createLibrarySync(deps: LibrarySyncDeps, defaults: Omit<LibrarySyncOptions, 'onProgress'> = {}): LibrarySync {
  return {
    syncAll: (options) => syncLibraries(deps, { ...defaults, ...options }),
    syncItem: (absItemId) => syncItem(deps, absItemId),
    removeItem: (absItemId) => removeItem(deps, absItemId),
    syncItemsOf: (ref) => syncItemsOf(deps, ref),
  };
}
