import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeTitle } from '../../../src/core/matching/index.js';
import { createLibrarySync, type LibrarySync } from '../../../src/core/library/index.js';
import { createLibraryRepository } from '../../../src/db/repositories/library.repository.js';
import { authors, bookAuthors, books, bookSeries, series } from '../../../src/db/schema/index.js';
import { AbsClient } from '../../../src/integrations/abs/index.js';
import type { AbsBookLayout } from '../../helpers/abs-books.js';
import { ABS_HOOK_TIMEOUT_MS, absServerAvailability, startAbsServer, type RunningAbs } from '../../helpers/abs-server.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { rowVersions, rowsWritten } from './row-versions.js';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date() };

// Installs the real ABS once into the cache before any hook runs; with CI=true an unavailable server fails the file.
const abs = await absServerAvailability();

const SAGA = 'Zelda Quillfeather/The Fake Saga';
/** A small real library, each book read by ABS's scanner from a different source (workflow-anchors §3.1). */
const LIBRARY: AbsBookLayout[] = [
  // Folder names only: author / series / "Book N - Title [ASIN] {Narrator}", one m4b with embedded chapters.
  { relPath: `${SAGA}/Book 1 - Saga One [B000FAKE01] {Nora Narrator}`, audio: { format: 'm4b', chapters: 3, seconds: 6 } },
  // metadata.json: two authors, two narrators, two series with sequences, a subtitle and a year.
  {
    relPath: `${SAGA}/Book 2 - Saga Two`,
    audio: { format: 'm4b' },
    metadata: {
      title: 'Saga Two',
      subtitle: 'A Second Fake',
      authors: ['Zelda Quillfeather', 'Quentin Coauthor'],
      narrators: ['Nora Narrator', 'Ned Voice'],
      series: ['The Fake Saga #2', 'Fake Universe #1.5'],
      publishedYear: '2021',
      asin: 'B000FAKE02',
    },
  },
  { relPath: `${SAGA}/Book 3 - Saga Three`, audio: { format: 'mp3' } },
  // Five authors from metadata.json, and a second book by the same five: for that one ABS's list answer (authorName)
  // and its item answer can order the shared co-authors differently (ABS breaks the tie by random ids), which the
  // fingerprint must not take for a change.
  { relPath: 'Anna Alpha/Five Hands', metadata: { title: 'Five Hands', authors: ['Anna Alpha', 'Bert Beta', 'Cora Gamma', 'Dirk Delta', 'Emma Epsilon'] } },
  { relPath: 'Anna Alpha/Five Hands Again', metadata: { title: 'Five Hands Again', authors: ['Anna Alpha', 'Bert Beta', 'Cora Gamma', 'Dirk Delta', 'Emma Epsilon'] } },
  // Embedded tags in a multi-file mp3 rip: title/album, artist → author, composer → narrator, genre, date.
  {
    relPath: 'Omar Other/Three Part Book',
    audio: { format: 'mp3', files: 3, seconds: 2 },
    tags: { title: 'Three Part Book', album: 'Three Part Book', artist: 'Omar Other', album_artist: 'Omar Other', composer: 'Vera Voice', genre: 'Mystery', date: '2015' },
  },
];

describe.runIf(abs.available)('library sync against the real Audiobookshelf 2.36.0 and a real Postgres', () => {
  let server: RunningAbs;
  let t: TestDatabase;
  let client: AbsClient;
  let sync: LibrarySync;

  beforeAll(async () => {
    [server, t] = await Promise.all([startAbsServer(), createTestDatabase()]);
    for (const book of LIBRARY) await server.addBook(book);
    await server.scan();
    client = new AbsClient({ baseUrl: server.url, auth: { apiKey: server.apiKey }, logger, timeoutMs: 5_000, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
    // Small pages and batches, so paging and batching run on a small library.
    sync = createLibrarySync({ source: client, store: createLibraryRepository(t.db), clock, logger }, { pageSize: 3, batchSize: 2 });
  }, ABS_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([t?.close(), server?.stop()]);
  });

  const book = async (title: string) => (await t.db.select().from(books).where(eq(books.title, title)))[0];
  const authorsOf = async (bookId: string) =>
    (
      await t.db
        .select({ name: authors.name, position: bookAuthors.position, absId: authors.absAuthorId })
        .from(bookAuthors)
        .innerJoin(authors, eq(authors.id, bookAuthors.authorId))
        .where(eq(bookAuthors.bookId, bookId))
        .orderBy(bookAuthors.position)
    ).map((a) => [a.name, a.position, typeof a.absId]);
  const seriesOf = async (bookId: string) =>
    (
      await t.db
        .select({ name: series.name, sequence: bookSeries.sequence })
        .from(bookSeries)
        .innerJoin(series, eq(series.id, bookSeries.seriesId))
        .where(eq(bookSeries.bookId, bookId))
        .orderBy(series.name)
    ).map((s) => [s.name, s.sequence]);
  const absId = async (title: string) => (await book(title))!.absItemId;

  it('mirrors books, authors, narrators, series with sequences and ASINs as ABS scanned them', async () => {
    expect(await sync.syncAll()).toMatchObject({ libraries: 1, processed: 6, created: 6, updated: 0, unchanged: 0, missing: 0, removed: 0 });
    expect((await t.db.select().from(books)).map((b) => b.title).sort()).toEqual(['Five Hands', 'Five Hands Again', 'Saga One', 'Saga Three', 'Saga Two', 'Three Part Book']);

    const one = (await book('Saga One'))!;
    expect(one).toMatchObject({
      absLibraryId: server.libraryId,
      titleKey: normalizeTitle('Saga One'),
      asin: 'B000FAKE01',
      narrators: ['Nora Narrator'],
      path: `${server.libraryFolder}/${SAGA}/Book 1 - Saga One [B000FAKE01] {Nora Narrator}`,
      isMissing: false,
      removedAt: null,
    });
    expect(one.durationSeconds).toBeCloseTo(6, 0);
    expect(one.sizeBytes).toBeGreaterThan(0);
    expect(await authorsOf(one.id)).toEqual([['Zelda Quillfeather', 0, 'string']]);
    expect(await seriesOf(one.id)).toEqual([['The Fake Saga', '1']]);

    const two = (await book('Saga Two'))!;
    expect(two).toMatchObject({ subtitle: 'A Second Fake', asin: 'B000FAKE02', narrators: ['Nora Narrator', 'Ned Voice'], publishedYear: 2021 });
    // ABS creates a scanned book's author links in one insert and orders ties by their random ids, so the order is
    // ABS's, not metadata.json's: the mirror keeps what ABS answers.
    const absAuthors = (await client.getItem(two.absItemId!))!.authors.map((a) => a.name);
    expect([...absAuthors].sort()).toEqual(['Quentin Coauthor', 'Zelda Quillfeather']);
    expect(await authorsOf(two.id)).toEqual(absAuthors.map((name, i) => [name, i, 'string']));
    expect(await seriesOf(two.id)).toEqual([
      ['Fake Universe', '1.5'],
      ['The Fake Saga', '2'],
    ]);
    expect(await seriesOf((await book('Saga Three'))!.id)).toEqual([['The Fake Saga', '3']]);

    const rip = (await book('Three Part Book'))!;
    expect(rip).toMatchObject({ narrators: ['Vera Voice'], genres: ['Mystery'], publishedYear: 2015, asin: null });
    expect(rip.durationSeconds).toBeCloseTo(6, 0);
    expect(await authorsOf(rip.id)).toEqual([['Omar Other', 0, 'string']]);

    // One author row per ABS author, however many books they wrote; one series row per ABS series.
    expect((await t.db.select().from(authors)).map((a) => a.name).sort()).toEqual(['Anna Alpha', 'Bert Beta', 'Cora Gamma', 'Dirk Delta', 'Emma Epsilon', 'Omar Other', 'Quentin Coauthor', 'Zelda Quillfeather']);
    const saga = (await t.db.select().from(series).where(eq(series.name, 'The Fake Saga')))[0]!;
    expect(saga.ownedCount).toBe(3);
    expect((await t.db.select().from(series)).map((s) => s.name).sort()).toEqual(['Fake Universe', 'The Fake Saga']);
  });

  it('writes nothing on a second run, and an item sync agrees with the list (same fingerprint)', async () => {
    const before = await rowVersions(t.pool);
    expect(await sync.syncAll()).toMatchObject({ processed: 6, created: 0, updated: 0, unchanged: 6 });
    for (const title of ['Saga One', 'Saga Two', 'Three Part Book', 'Five Hands', 'Five Hands Again']) expect(await sync.syncItem((await absId(title))!)).toBe('unchanged');
    expect(rowsWritten(before, await rowVersions(t.pool)).total).toBe(0);
  });

  it('picks up an edit made in ABS (PATCH through its API) and rewrites only that row', async () => {
    const id = (await absId('Saga One'))!;
    await client.updateMetadata(id, { title: 'Saga One: Revised', narrators: ['Nora Narrator', 'Ned Voice'] });
    const before = await rowVersions(t.pool);
    expect(await sync.syncAll()).toMatchObject({ processed: 6, updated: 1, unchanged: 5 });
    expect(await book('Saga One')).toBeUndefined();
    expect(await book('Saga One: Revised')).toMatchObject({ absItemId: id, titleKey: normalizeTitle('Saga One: Revised'), narrators: ['Nora Narrator', 'Ned Voice'] });
    expect(rowsWritten(before, await rowVersions(t.pool))).toMatchObject({ inserted: 0, deleted: 0, updated: 1 });
  });

  it('marks a book whose folder was removed as missing after a scan, and one deleted in ABS as removed', async () => {
    await server.removeBookFolder(`${SAGA}/Book 3 - Saga Three`);
    await server.scan();
    expect(await sync.syncAll()).toMatchObject({ processed: 6, updated: 1, missing: 1, removed: 0 });
    expect(await book('Saga Three')).toMatchObject({ isMissing: true, removedAt: null });
    expect((await t.db.select().from(series).where(eq(series.name, 'The Fake Saga')))[0]!.ownedCount).toBe(2);

    await server.api('DELETE', `/api/items/${(await absId('Three Part Book'))!}`);
    expect(await sync.syncAll()).toMatchObject({ processed: 5, removed: 1 });
    expect((await book('Three Part Book'))!.removedAt).toBeInstanceOf(Date);
  });
});

if (!abs.available) {
  describe('library sync against the real Audiobookshelf', () => {
    it.skip(abs.reason, () => {});
  });
}
