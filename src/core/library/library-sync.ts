import type { Log } from '../logger.port.js';
import type { Clock } from '../clock.js';
import type { TaskOutcome } from '../tasks/task-runner.js';
import type { LibrarySource, SourceSummary } from './library-source.port.js';
import type { LibraryMirrorStore, MirrorBook, MirrorItemState } from './mirror-store.port.js';
import { toMirrorBook } from './mirror-book.js';
import { refreshSeriesStats } from './series-refresh.js';
import { bookFingerprint, summaryFingerprint } from './sync-fingerprint.js';

export interface LibrarySyncDeps {
  source: LibrarySource;
  store: LibraryMirrorStore;
  clock: Clock;
  logger: Log;
}

export interface LibrarySyncOptions {
  /**
   * Items per list page (ABS answers the whole library for limit 0, never asked for on purpose: one huge answer).
   * A no-change run costs about one list pass, so pages are large.
   */
  pageSize?: number;
  /** Items per batch fetch of changed items. */
  batchSize?: number;
  /** Called after each page, e.g. to extend a job lock. */
  onProgress?: (seen: number) => Promise<void>;
}

export interface LibrarySyncCounts {
  libraries: number;
  /** Items seen in ABS. */
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Items that turned missing in this run. */
  missing: number;
  /** Items that disappeared from ABS in this run. */
  removed: number;
  /** Series whose owned count or completion changed. */
  seriesUpdated: number;
  /** Changed items left alone because an item sync wrote a newer state of them while this run was reading. */
  superseded: number;
}

export function toTaskOutcome(c: LibrarySyncCounts): TaskOutcome {
  return {
    processed: c.processed,
    created: c.created,
    details: { updated: c.updated, unchanged: c.unchanged, missing: c.missing, removed: c.removed, libraries: c.libraries, seriesUpdated: c.seriesUpdated, superseded: c.superseded },
  };
}

/**
 * Mirrors every book library of ABS into Postgres. Reads first, writes last: all pages are fetched and the changed
 * items staged before one transaction applies them, so an ABS failure anywhere leaves the previous mirror untouched
 * (the error propagates and the run is recorded as failed). An item is fetched in full and written only when its
 * list fingerprint differs from the stored sync_hash, so a run over an unchanged library writes nothing.
 */
export async function syncLibraries(deps: LibrarySyncDeps, options: LibrarySyncOptions = {}): Promise<LibrarySyncCounts> {
  const pageSize = options.pageSize ?? 500;
  const batchSize = options.batchSize ?? 100;
  const log = deps.logger.child({ component: 'library-sync' });

  const [allLibraries, stateRows] = await Promise.all([deps.source.libraries(), deps.store.syncState()]);
  const libraries = allLibraries.filter((l) => l.mediaType === 'book');
  const bookLibraryIds = new Set(libraries.map((l) => l.id));
  const state = new Map<string, MirrorItemState>(stateRows.map((s) => [s.absItemId, s]));
  const counts: LibrarySyncCounts = { libraries: libraries.length, processed: 0, created: 0, updated: 0, unchanged: 0, missing: 0, removed: 0, seriesUpdated: 0, superseded: 0 };
  const seen = new Set<string>();
  const staged: MirrorBook[] = [];
  let pending: Array<{ id: string; hash: string }> = [];

  const fetchPending = async () => {
    if (pending.length === 0) return;
    const hashes = new Map(pending.map((p) => [p.id, p.hash]));
    pending = [];
    // An item deleted between the list and this fetch is simply left out; the next run sees it gone.
    for (const book of await deps.source.getItems([...hashes.keys()])) {
      const hash = hashes.get(book.id);
      if (hash !== undefined) staged.push(toMirrorBook(book, hash));
    }
  };

  const consider = (item: SourceSummary) => {
    if (seen.has(item.id)) return;
    seen.add(item.id);
    counts.processed += 1;
    const hash = summaryFingerprint(item);
    const prev = state.get(item.id);
    if (prev && prev.syncHash === hash && !prev.removed) {
      counts.unchanged += 1;
      return;
    }
    if (prev) counts.updated += 1;
    else counts.created += 1;
    if (item.isMissing && (!prev || !prev.isMissing || prev.removed)) counts.missing += 1;
    pending.push({ id: item.id, hash });
  };

  const listPage = (libraryId: string, page: number) => {
    const request = deps.source.listItems(libraryId, { page, limit: pageSize });
    // Awaited later; until then a failure must not count as unhandled (it surfaces at the await).
    request.catch(() => {});
    return request;
  };
  for (const library of libraries) {
    // Pages are asked for ahead of the one being worked on, so ABS prepares them meanwhile.
    const ahead: Array<ReturnType<typeof listPage>> = [listPage(library.id, 0)];
    let requested = 1;
    for (let page = 0; ; page += 1) {
      const res = await ahead.shift()!;
      const pages = res.total > 0 ? Math.ceil(res.total / pageSize) : 1;
      while (requested < pages && ahead.length < PAGES_AHEAD) ahead.push(listPage(library.id, requested++));
      res.items.forEach(consider);
      if (pending.length >= batchSize) await fetchPending();
      await options.onProgress?.(seen.size);
      // A short page ends the list, also when the total grew meanwhile (the next run sees the rest).
      if (res.items.length < pageSize || page + 1 >= pages) break;
    }
  }
  await fetchPending();

  // Only reached when every library was listed completely. Offset paging can still skip an item when another one is
  // deleted meanwhile (the later pages shift back), so an unseen item is asked for once more before it counts as gone.
  const unseen = [...state.values()].filter((s) => !s.removed && !seen.has(s.absItemId)).map((s) => s.absItemId);
  const stillThere = new Set<string>();
  for (let i = 0; i < unseen.length; i += batchSize) {
    for (const book of await deps.source.getItems(unseen.slice(i, i + batchSize))) {
      if (!bookLibraryIds.has(book.libraryId)) continue;
      stillThere.add(book.id);
      seen.add(book.id);
      counts.processed += 1;
      const hash = bookFingerprint(book);
      if (state.get(book.id)?.syncHash === hash) counts.unchanged += 1;
      else {
        counts.updated += 1;
        staged.push(toMirrorBook(book, hash));
      }
    }
  }
  const removedIds = unseen.filter((id) => !stillThere.has(id));

  if (staged.length > 0 || removedIds.length > 0) {
    const now = deps.clock.now();
    await deps.store.write(async (w) => {
      // An item another writer (an event's item sync) wrote since this run read the mirror is left as that writer
      // wrote it: it read ABS later than this run did.
      const current = new Map((await w.itemStates([...staged.map((b) => b.absItemId), ...removedIds])).map((s) => [s.absItemId, s]));
      const untouched = (id: string) => sameState(state.get(id), current.get(id));
      const books = staged.filter((b) => untouched(b.absItemId));
      const gone = removedIds.filter(untouched);
      counts.superseded = staged.length - books.length + removedIds.length - gone.length;
      for (let i = 0; i < books.length; i += WRITE_CHUNK) await w.upsertBooks(books.slice(i, i + WRITE_CHUNK));
      counts.removed = (await w.markRemoved(gone, now)).marked;
      counts.seriesUpdated = await refreshSeriesStats(w, 'all');
    });
  }
  log.info({ ...counts }, 'library sync finished');
  return counts;
}

const sameState = (a: MirrorItemState | undefined, b: MirrorItemState | undefined) =>
  a === undefined || b === undefined ? a === b : a.syncHash === b.syncHash && a.removed === b.removed && a.isMissing === b.isMissing;

/** List pages requested ahead of the one being worked on. */
const PAGES_AHEAD = 2;

/** Books per write statement: large enough to amortise round trips, small enough to keep statements quick. */
const WRITE_CHUNK = 2_000;
