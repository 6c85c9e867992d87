import { randomUUID } from 'node:crypto';
import type { FakeItem, FakeLibrary } from './abs.model.js';
import { expandedJson } from './abs.serialize.js';
import type { AbsStore } from './abs.store.js';

export type Emit = (event: string, payload: unknown) => void;

/**
 * What the fake's "disk" holds beyond the database: books staged on disk but not yet scanned, and items whose folder
 * vanished. A library scan or a watcher event reconciles them and emits the same socket events ABS 2.36 emits
 * (recorded in abs-samples/socket-*.json): task_started → items_added (chunks of ≤10) → task_finished.
 */
export class AbsScanner {
  readonly staged: FakeItem[] = [];
  readonly vanished = new Set<string>();
  /** Folders moved within the library (same inode): the next scan gives the item its new path. */
  readonly moved = new Map<string, string>();
  private running = new Set<string>();
  scanDelayMs = 20;
  watcherDelayMs = 50;

  constructor(
    private readonly store: AbsStore,
    private readonly emit: Emit,
  ) {}

  /** POST /api/libraries/:id/scan: answered before the scan runs; a scan already running makes this a no-op. */
  requestLibraryScan(lib: FakeLibrary): void {
    if (this.running.has(lib.id)) return;
    this.running.add(lib.id);
    setTimeout(() => {
      try {
        this.runLibraryScan(lib);
      } finally {
        this.running.delete(lib.id);
      }
    }, this.scanDelayMs);
  }

  private runLibraryScan(lib: FakeLibrary): void {
    const started = this.store.now();
    const task = taskJson('library-scan', lib, started, { libraryMediaType: 'book' });
    this.emit('task_started', task);
    const added = this.takeStaged(lib.id, () => true);
    for (let i = 0; i < added.length; i += 10) {
      this.emit('items_added', added.slice(i, i + 10).map((item) => expandedJson(this.store, item)));
    }
    const missing = this.store.itemsOf(lib.id).filter((i) => this.vanished.has(i.id) && !i.isMissing);
    for (const item of missing) {
      item.isMissing = true;
      item.updatedAt = this.store.now();
    }
    // A folder back where it was, or moved (ABS matches it by inode): no longer missing, at its new path.
    const back = this.store.itemsOf(lib.id).filter((i) => (i.isMissing && !this.vanished.has(i.id)) || this.moved.has(i.id));
    for (const item of back) {
      item.isMissing = false;
      const relPath = this.moved.get(item.id);
      if (relPath !== undefined) {
        item.relPath = relPath;
        item.path = `${lib.fullPath}/${relPath}`;
        this.moved.delete(item.id);
      }
      item.updatedAt = this.store.now();
    }
    const updated = [...missing, ...back];
    // ABS emits the expanded items (LibraryScanner: getExpandedById → toOldJSONExpanded), in chunks of 10.
    for (let i = 0; i < updated.length; i += 10) this.emit('items_updated', updated.slice(i, i + 10).map((item) => expandedJson(this.store, item)));
    for (const item of this.store.itemsOf(lib.id)) item.lastScan = started;
    lib.lastScan = this.store.now();
    lib.lastUpdate = lib.lastScan;
    const parts = [added.length && `${added.length} added`, missing.length && `${missing.length} missing`].filter(Boolean);
    const elapsed = lib.lastScan - started;
    this.emit('task_finished', {
      ...task,
      data: { ...task.data, scanResults: { added: added.length, updated: back.length, missing: missing.length, elapsed, text: `${parts.length ? parts.join(', ') : 'No changes'} (${elapsed} ms)` } },
      isFinished: true,
      finishedAt: lib.lastScan,
    });
  }

  /** POST /api/watcher/update or an inotify event: after a quiet period, scan just that folder and emit item_added. */
  requestWatcherScan(lib: FakeLibrary, path: string): void {
    setTimeout(() => {
      const started = this.store.now();
      const task = taskJson('watcher-scan', lib, started, {});
      this.emit('task_started', task);
      const added = this.takeStaged(lib.id, (i) => i.path === path || i.path.startsWith(`${path}/`) || path.startsWith(`${i.path}/`));
      for (const item of added) this.emit('item_added', expandedJson(this.store, item));
      const finished = this.store.now();
      this.emit('task_finished', {
        ...task,
        data: { ...task.data, scanResults: { added: added.length, updated: 0, removed: 0, text: added.length ? `${added.length} added` : 'No changes needed', elapsed: finished - started } },
        isFinished: true,
        finishedAt: finished,
      });
    }, this.watcherDelayMs);
  }

  private takeStaged(libraryId: string, match: (i: FakeItem) => boolean): FakeItem[] {
    const out: FakeItem[] = [];
    for (let i = this.staged.length - 1; i >= 0; i -= 1) {
      const item = this.staged[i]!;
      if (item.libraryId === libraryId && match(item)) {
        this.staged.splice(i, 1);
        item.addedAt = this.store.now();
        item.updatedAt = item.addedAt;
        item.lastScan = item.addedAt;
        item.metadata.authorIds = inOneInsertOrder(item.metadata.authorIds);
        item.metadata.series = inOneInsertOrder(item.metadata.series);
        this.store.insertItem(item);
        out.unshift(item);
      }
    }
    return out;
  }
}

/**
 * ABS's scanner creates a new book's author and series links in one insert, so they may share a createdAt
 * millisecond; the item is then read `ORDER BY bookAuthor/bookSeries.createdAt`, which leaves ties in the order of
 * the links' random UUIDs. The real server thus answers a scanned book's authors and series (and the joined
 * authorName/seriesName) in an arbitrary order, not the order metadata.json or the tags gave. Seen against the real
 * 2.36.0 (test/integration/abs/abs-real.test.ts, library-sync-real.test.ts).
 */
function inOneInsertOrder<T>(entries: T[]): T[] {
  return entries
    .map((e) => ({ e, key: randomUUID() }))
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((x) => x.e);
}

function taskJson(action: 'library-scan' | 'watcher-scan', lib: FakeLibrary, startedAt: number, extra: Record<string, unknown>) {
  const title = action === 'library-scan' ? `Scanning "${lib.name}" library` : `Scanning file changes in "${lib.name}"`;
  return {
    id: randomUUID(),
    action,
    data: { libraryId: lib.id, libraryName: lib.name, ...extra } as Record<string, unknown>,
    title,
    titleKey: action === 'library-scan' ? 'MessageTaskScanningLibrary' : 'MessageTaskScanningFileChanges',
    titleSubs: [lib.name],
    description: null,
    descriptionKey: null,
    descriptionSubs: null,
    error: null,
    errorKey: null,
    errorSubs: null,
    showSuccess: true,
    isFailed: false,
    isFinished: false,
    startedAt,
    finishedAt: null as number | null,
  };
}
