import type { LibraryMirrorStore, MirrorBook } from './mirror-store.port.js';
import type { LibrarySource, SourceBook } from './library-source.port.js';
import { toMirrorBook } from './mirror-book.js';
import { refreshSeriesStats } from './series-refresh.js';
import { bookFingerprint } from './sync-fingerprint.js';
import type { Clock } from '../clock.js';

export type ItemSyncResult = 'created' | 'updated' | 'unchanged' | 'removed' | 'unknown';

export interface ItemSyncDeps {
  source: Pick<LibrarySource, 'getItem' | 'getItems'>;
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

/**
 * An author or series changed in ABS (renamed, merged, deleted): every mirrored book naming it is read again, in one
 * batch, and the changed ones are written together. ABS moves a renamed author's books itself but says so only for
 * the author (and a series rename not at all), so the mirror is what knows which books to look at.
 */
export async function syncItemsOf(deps: ItemSyncDeps, ref: { authorId: string } | { seriesId: string }): Promise<ItemSyncResult[]> {
  const ids = await deps.store.itemIdsNaming(ref);
  if (ids.length === 0) return [];
  const results: ItemSyncResult[] = [];
  const fetched = new Map<string, SourceBook>();
  for (let i = 0; i < ids.length; i += BATCH) for (const book of await deps.source.getItems(ids.slice(i, i + BATCH))) fetched.set(book.id, book);
  const changed: MirrorBook[] = [];
  for (const id of ids) {
    const book = fetched.get(id);
    if (!book) {
      results.push(await removeItem(deps, id));
      continue;
    }
    const hash = bookFingerprint(book);
    const prev = await deps.store.itemState(id);
    if (prev && prev.syncHash === hash && !prev.removed) results.push('unchanged');
    else {
      changed.push(toMirrorBook(book, hash));
      results.push(prev ? 'updated' : 'created');
    }
  }
  if (changed.length > 0) {
    await deps.store.write(async (w) => {
      const { touchedSeriesIds } = await w.upsertBooks(changed);
      await refreshSeriesStats(w, touchedSeriesIds);
    });
  }
  return results;
}

/** Items per batch read. */
const BATCH = 100;
