import { eq, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeTitle } from '../../../src/core/matching/index.js';
import { createLibrarySync, type LibrarySync } from '../../../src/core/library/index.js';
import { createLibraryRepository } from '../../../src/db/repositories/library.repository.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { authors, bookAuthors, books, bookSeries, series, taskRuns } from '../../../src/db/schema/index.js';
import { AbsClient } from '../../../src/integrations/abs/index.js';
import { createLibrarySyncJob } from '../../../src/jobs/definitions/library-sync.job.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { startAbsFake, type AbsFake, type BookSeed } from '../../fakes/abs/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { rowVersions, rowsWritten } from './row-versions.js';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date() };

const SAGA: BookSeed[] = [
  {
    title: 'Saga One',
    authors: ['Zelda Quillfeather'],
    narrators: ['Nora Narrator'],
    series: [{ name: 'The Fake Saga', sequence: '1' }],
    asin: 'b000fake01',
    isbn: '0-306-40615-2',
    publishedYear: '2019',
    publisher: 'Fake House',
    language: 'English',
    genres: ['Fantasy'],
    durationSec: 36_000.5,
    sizeBytes: 123_456_789,
    addedAt: 1_790_000_000_000,
  },
  {
    title: 'Saga Two',
    subtitle: 'A Second Fake',
    authors: ['Zelda Quillfeather', 'Quentin Coauthor'],
    narrators: ['Nora Narrator', 'Ned Voice'],
    series: [{ name: 'The Fake Saga', sequence: '2' }, { name: 'Fake Universe', sequence: '1.5' }],
  },
  // Another edition of book 2: owns no new position in the series.
  { title: 'Saga Two (Dramatized)', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '2' }] },
  { title: 'Saga Three', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '3' }] },
];

describe('library sync against the ABS fake and a real Postgres', () => {
  let t: TestDatabase;
  let fake: AbsFake;
  let client: AbsClient;
  let sync: LibrarySync;

  beforeEach(async () => {
    [t, fake] = await Promise.all([createTestDatabase(), startAbsFake({ books: 20 })]);
    fake.controls.seedBooks(SAGA);
    client = new AbsClient({ baseUrl: fake.url, auth: { apiKey: fake.controls.apiKey }, logger, timeoutMs: 2_000, retry: { baseDelayMs: 5, maxDelayMs: 10 } });
    // Small pages and batches, so paging and batching are exercised on a small library.
    sync = createLibrarySync({ source: client, store: createLibraryRepository(t.db), clock, logger }, { pageSize: 7, batchSize: 5 });
  });
  afterEach(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  const itemId = (title: string) => [...fake.controls.store.items.values()].find((i) => i.metadata.title === title)!.id;
  const book = async (title: string) => (await t.db.select().from(books).where(eq(books.title, title)))[0];
  const seriesRow = async (name: string) => (await t.db.select().from(series).where(eq(series.name, name)))[0]!;
  const count = async (table: typeof books | typeof authors | typeof series) => (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
  const editTitle = (title: string, next: string) => client.updateMetadata(itemId(title), { title: next });

  it('mirrors books with authors, narrators, series sequences, identifiers, sizes, paths and ABS ids', async () => {
    const counts = await sync.syncAll();
    expect(counts).toMatchObject({ libraries: 1, processed: 24, created: 24, updated: 0, unchanged: 0, missing: 0, removed: 0 });
    expect(await count(books)).toBe(24);

    const one = (await book('Saga One'))!;
    const fakeItem = fake.controls.store.items.get(itemId('Saga One'))!;
    expect(one).toMatchObject({
      absItemId: fakeItem.id,
      absLibraryId: fake.controls.library.id,
      titleKey: normalizeTitle('Saga One'),
      asin: 'B000FAKE01',
      isbn: '9780306406157',
      narrators: ['Nora Narrator'],
      publisher: 'Fake House',
      publishedYear: 2019,
      language: 'English',
      genres: ['Fantasy'],
      durationSeconds: 36_000.5,
      sizeBytes: 123_456_789,
      path: '/audiobooks/Zelda Quillfeather/Saga One',
      isMissing: false,
      removedAt: null,
    });
    expect(one.absAddedAt?.getTime()).toBe(1_790_000_000_000);
    expect(one.absUpdatedAt?.getTime()).toBe(fakeItem.updatedAt);
    expect(one.syncHash).toMatch(/^[0-9a-f]{40}$/);

    const two = (await book('Saga Two'))!;
    expect(two.subtitle).toBe('A Second Fake');
    const twoAuthors = await t.db
      .select({ name: authors.name, nameKey: authors.nameKey, absId: authors.absAuthorId, position: bookAuthors.position })
      .from(bookAuthors)
      .innerJoin(authors, eq(authors.id, bookAuthors.authorId))
      .where(eq(bookAuthors.bookId, two.id))
      .orderBy(bookAuthors.position);
    expect(twoAuthors.map((a) => [a.name, a.nameKey, a.position])).toEqual([
      ['Zelda Quillfeather', 'zelda quillfeather', 0],
      ['Quentin Coauthor', 'quentin coauthor', 1],
    ]);
    expect(twoAuthors.every((a) => a.absId && fake.controls.store.authors.has(a.absId))).toBe(true);
    const twoSeries = await t.db
      .select({ name: series.name, sequence: bookSeries.sequence, absId: series.absSeriesId })
      .from(bookSeries)
      .innerJoin(series, eq(series.id, bookSeries.seriesId))
      .where(eq(bookSeries.bookId, two.id))
      .orderBy(series.name);
    expect(twoSeries.map((s) => [s.name, s.sequence])).toEqual([
      ['Fake Universe', '1.5'],
      ['The Fake Saga', '2'],
    ]);
    // One author row per ABS author, however many books they wrote.
    expect(await count(authors)).toBe(fake.controls.store.authors.size);
    expect(await count(series)).toBe(fake.controls.store.series.size);
  });

  it('counts owned books per series, one per position', async () => {
    await sync.syncAll();
    expect((await seriesRow('The Fake Saga')).ownedCount).toBe(3);
    expect((await seriesRow('Fake Universe')).ownedCount).toBe(1);
    expect((await seriesRow('The Fake Saga')).completion).toBeNull();

    // A provider learned the series has 6 books; then book 3's files vanish from disk.
    await t.db.update(series).set({ knownTotal: 6 }).where(eq(series.name, 'The Fake Saga'));
    fake.controls.vanish(itemId('Saga Three'));
    await client.scanLibrary(fake.controls.library.id, { wait: { timeoutMs: 3_000, pollIntervalMs: 20 } });
    const counts = await sync.syncAll();
    expect(counts).toMatchObject({ updated: 1, missing: 1 });
    expect((await book('Saga Three'))!.isMissing).toBe(true);
    const saga = await seriesRow('The Fake Saga');
    expect(saga.ownedCount).toBe(2);
    expect(saga.completion).toBeCloseTo(2 / 6, 5);
  });

  it('writes no row at all when nothing changed in ABS', async () => {
    await sync.syncAll();
    const before = await rowVersions(t.pool);
    const batchGets = () => fake.controls.requests.filter((r) => r.path === '/api/items/batch/get').length;
    const fetchedBefore = batchGets();
    const counts = await sync.syncAll();
    expect(counts).toMatchObject({ processed: 24, created: 0, updated: 0, unchanged: 24, removed: 0 });
    expect(rowsWritten(before, await rowVersions(t.pool)).total).toBe(0);
    // Only list pages were read: no item was fetched in full.
    expect(fetchedBefore).toBeGreaterThan(0);
    expect(batchGets()).toBe(fetchedBefore);
  });

  it('rewrites only what changed: a retitled book, a new series membership, a new book', async () => {
    await sync.syncAll();
    const before = await rowVersions(t.pool);
    await editTitle('Saga One', 'Saga One: Revised');
    await client.setSeriesMembership(itemId('Saga Three'), { name: 'Fake Universe', sequence: '3' });
    fake.controls.seedBooks([{ title: 'A Newcomer', authors: ['Zelda Quillfeather'], asin: 'B000NEW001' }]);

    const counts = await sync.syncAll();
    expect(counts).toMatchObject({ processed: 25, created: 1, updated: 2, unchanged: 22 });
    expect((await book('Saga One: Revised'))?.titleKey).toBe(normalizeTitle('Saga One: Revised'));
    expect(await book('Saga One')).toBeUndefined();
    expect((await book('A Newcomer'))?.asin).toBe('B000NEW001');
    expect((await seriesRow('Fake Universe')).ownedCount).toBe(2);

    const written = rowsWritten(before, await rowVersions(t.pool));
    // 2 updated books + 1 new book, its author link, 1 new series link, Fake Universe's owned count.
    expect(written).toEqual({ inserted: 3, updated: 3, deleted: 0, total: 6 });
  });

  it('marks removed items instead of forgetting them, and un-marks one that comes back', async () => {
    await sync.syncAll();
    const gone = fake.controls.store.items.get(itemId('Saga Two (Dramatized)'))!;
    fake.controls.removeItem(gone.id);
    fake.controls.removeItem(itemId('Saga Three'));

    const counts = await sync.syncAll();
    expect(counts).toMatchObject({ processed: 22, removed: 2, unchanged: 22 });
    const row = (await book('Saga Two (Dramatized)'))!;
    expect(row.removedAt).toBeInstanceOf(Date);
    expect(await count(books)).toBe(24);
    expect((await seriesRow('The Fake Saga')).ownedCount).toBe(2);
    // Still gone: not marked again.
    expect(await sync.syncAll()).toMatchObject({ removed: 0 });

    fake.controls.store.insertItem(gone);
    expect(await sync.syncAll()).toMatchObject({ updated: 1, removed: 0 });
    expect((await book('Saga Two (Dramatized)'))!.removedAt).toBeNull();
    expect((await seriesRow('The Fake Saga')).ownedCount).toBe(2);
  });

  it('does not mark an item removed when shifting pages hid it from the listing', async () => {
    await sync.syncAll();
    const hidden = itemId('Saga One');
    // As when another item is deleted while the sync pages: later pages shift back and one item is never listed.
    const shifting = createLibrarySync(
      {
        source: {
          libraries: () => client.libraries(),
          listItems: async (libraryId, o) => {
            const page = await client.listItems(libraryId, o);
            return { ...page, items: page.items.filter((i) => i.id !== hidden) };
          },
          getItems: (ids) => client.getItems(ids),
          getItem: (id) => client.getItem(id),
        },
        store: createLibraryRepository(t.db),
        clock,
        logger,
      },
      { pageSize: 7, batchSize: 5 },
    );
    expect(await shifting.syncAll()).toMatchObject({ processed: 24, removed: 0, unchanged: 24 });
    expect((await book('Saga One'))!.removedAt).toBeNull();
  });

  it('mirrors several libraries', async () => {
    const second = fake.controls.store.addLibrary('Second Shelf', '/shelf2');
    for (const seed of [{ title: 'Elsewhere Book', authors: ['Zelda Quillfeather'] }, { title: 'Other Place', authors: ['Omar Other'] }]) {
      fake.controls.store.insertItem(fake.controls.store.buildItem(second.id, seed));
    }
    expect(await sync.syncAll()).toMatchObject({ libraries: 2, processed: 26, created: 26 });
    expect((await book('Elsewhere Book'))).toMatchObject({ absLibraryId: second.id, path: '/shelf2/Zelda Quillfeather/Elsewhere Book' });
    expect((await book('Saga One'))?.absLibraryId).toBe(fake.controls.library.id);
  });

  it('leaves the previous mirror intact and records a failed run when ABS fails in the middle of a sync', async () => {
    const second = fake.controls.store.addLibrary('Second Shelf', '/shelf2');
    fake.controls.store.insertItem(fake.controls.store.buildItem(second.id, { title: 'Elsewhere Book', authors: ['Omar Other'] }));
    const deps = { taskRuns: createTaskRunRepository(t.db), clock, logger };
    const job = createLibrarySyncJob({ sync });
    await runJob(job, {}, deps);
    const before = await rowVersions(t.pool);

    // Changes in the first library are read, then listing the second library fails for good.
    await editTitle('Saga One', 'Saga One: Revised');
    fake.controls.seedBooks([{ title: 'A Newcomer', authors: ['Zelda Quillfeather'] }]);
    fake.controls.setFault({ mode: 'server_error', path: `/api/libraries/${second.id}/items` });
    await expect(runJob(job, {}, deps)).rejects.toThrow();

    expect(rowsWritten(before, await rowVersions(t.pool)).total).toBe(0);
    expect(await book('Saga One')).toBeDefined();
    const runs = await t.db.select().from(taskRuns).where(eq(taskRuns.job, 'library-sync')).orderBy(taskRuns.startedAt);
    expect(runs.map((r) => r.status)).toEqual(['succeeded', 'failed']);
    expect(runs[0]).toMatchObject({ processed: 25, created: 25 });
    expect(runs[1]!.error).toMatch(/500|server/i);

    fake.controls.faults.clear();
    const recovered = await runJob(job, {}, deps);
    expect(recovered).toMatchObject({ processed: 26, created: 1, details: { updated: 1, libraries: 2 } });
    expect(await book('Saga One: Revised')).toBeDefined();
  });

  it('waits for another mirror writer (an item sync in another process) instead of interleaving with it', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const other = createLibraryRepository(t.db).write(async () => {
      entered();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await inside;
    const full = sync.syncAll();
    // The full sync reads ABS, then queues for the write; nothing of it lands while the other writer is open.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count(books)).toBe(0);
    release();
    await other;
    expect((await full).created).toBe(24);
    expect(await count(books)).toBe(24);
  });

  it('keeps what an item sync wrote while the full sync was still reading, instead of the older copy it read', async () => {
    await sync.syncAll();
    await editTitle('Saga One', 'Saga One v2');
    // Batches of one: every changed item is fetched as soon as its page is read, so the last page's progress call
    // comes after the full sync has read (and staged) 'Saga One v2'.
    const eager = createLibrarySync({ source: client, store: createLibraryRepository(t.db), clock, logger }, { pageSize: 7, batchSize: 1 });
    let interfered = false;
    const counts = await eager.syncAll({
      onProgress: async (seen) => {
        if (interfered || seen < 24) return;
        interfered = true;
        await editTitle('Saga One v2', 'Saga One v3');
        expect(await sync.syncItem(itemId('Saga One v3'))).toBe('updated');
      },
    });
    expect(interfered).toBe(true);
    expect(await book('Saga One v3')).toBeDefined();
    expect(await book('Saga One v2')).toBeUndefined();
    expect(counts).toMatchObject({ updated: 1, superseded: 1 });
    expect((await sync.syncAll()).unchanged).toBe(24);
  });

  it('syncs a single item: created, unchanged, updated, then removed', async () => {
    await sync.syncAll();
    const [added] = fake.controls.seedBooks([{ title: 'Just Landed', authors: ['Newt Author'], series: [{ name: 'The Fake Saga', sequence: '4' }] }]);
    expect(await sync.syncItem(added!.id)).toBe('created');
    expect((await book('Just Landed'))?.absItemId).toBe(added!.id);
    expect((await seriesRow('The Fake Saga')).ownedCount).toBe(4);
    // The single-item fingerprint agrees with the list's: neither path rewrites what the other wrote.
    expect(await sync.syncItem(added!.id)).toBe('unchanged');
    const before = await rowVersions(t.pool);
    expect(await sync.syncAll()).toMatchObject({ created: 0, updated: 0, unchanged: 25 });
    expect(rowsWritten(before, await rowVersions(t.pool)).total).toBe(0);
    expect(await sync.syncItem(itemId('Saga Two'))).toBe('unchanged');

    await editTitle('Just Landed', 'Just Landed Again');
    expect(await sync.syncItem(added!.id)).toBe('updated');
    expect((await book('Just Landed Again'))?.absItemId).toBe(added!.id);

    fake.controls.removeItem(added!.id);
    expect(await sync.syncItem(added!.id)).toBe('removed');
    expect((await book('Just Landed Again'))?.removedAt).toBeInstanceOf(Date);
    expect((await seriesRow('The Fake Saga')).ownedCount).toBe(3);
    expect(await sync.removeItem('no-such-item')).toBe('unknown');
  });

  it('runs a single-item sync through the job with libraryItemId', async () => {
    const [added] = fake.controls.seedBooks([{ title: 'Job Landed', authors: ['Newt Author'] }]);
    const outcome = await runJob(createLibrarySyncJob({ sync }), { libraryItemId: added!.id }, { taskRuns: createTaskRunRepository(t.db), clock, logger });
    expect(outcome).toMatchObject({ processed: 1, created: 1, details: { result: 'created' } });
    expect(await count(books)).toBe(1);
  });
});
