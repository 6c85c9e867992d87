import type { LibraryMirrorStore } from './mirror-store.port.js';
import type { LibrarySource } from './library-source.port.js';
import { toMirrorBook } from './mirror-book.js';
import { refreshSeriesStats } from './series-refresh.js';
import { bookFingerprint } from './sync-fingerprint.js';
import type { Clock } from '../clock.js';

export type ItemSyncResult = 'created' | 'updated' | 'unchanged' | 'removed' | 'unknown';

export interface ItemSyncDeps {
  source: Pick<LibrarySource, 'getItem'>;
  store: LibraryMirrorStore;
  clock: Clock;
}

/**
 * Brings one item up to date (socket event, webhook, a download that just landed): fetched from ABS, written only
 * when its fingerprint changed; an id ABS no longer knows is marked removed. The series it belongs to — before and
 * after the change — get their owned counts recomputed.
 */
export async function syncItem(deps: ItemSyncDeps, absItemId: string): Promise<ItemSyncResult> {
  const book = await deps.source.getItem(absItemId);
  if (!book) return removeItem(deps, absItemId);
  const hash = bookFingerprint(book);
  const prev = await deps.store.itemState(absItemId);
  if (prev && prev.syncHash === hash && !prev.removed) return 'unchanged';
  await deps.store.write(async (w) => {
    const { touchedSeriesIds } = await w.upsertBooks([toMirrorBook(book, hash)]);
    await refreshSeriesStats(w, touchedSeriesIds);
  });
  return prev ? 'updated' : 'created';
}

/** ABS says the item is gone: kept in the mirror with removed_at set ('unknown' when it was never mirrored). */
export async function removeItem(deps: Pick<ItemSyncDeps, 'store' | 'clock'>, absItemId: string): Promise<ItemSyncResult> {
  return deps.store.write(async (w) => {
    const { marked, touchedSeriesIds } = await w.markRemoved([absItemId], deps.clock.now());
    await refreshSeriesStats(w, touchedSeriesIds);
    if (marked > 0) return 'removed';
    return (await deps.store.itemState(absItemId)) ? 'unchanged' : 'unknown';
  });
}
