import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbsClient, AbsSocketClient, type AbsBook, type AbsSocketOptions, type AbsTask } from '../../../src/integrations/abs/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { generateBooks, type BookSeed } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

/** What the suite needs of an Audiobookshelf: the fake or the real 2.36.0 (test/helpers/abs-server.ts). */
export interface AbsTarget {
  url: string;
  username: string;
  password: string;
  apiKey: string;
  libraryId: string;
  /** The library folder as ABS reports it (`folders[].fullPath`, the prefix of item paths). */
  libraryFolder: string;
  /** A fresh user access token (REST and socket). */
  userToken(): Promise<string>;
  /** Puts books "on disk", not yet known to ABS; returns the folder path ABS will report for each. */
  stageBooks(books: readonly BookSeed[]): Promise<string[]>;
  /** A library scan run outside the client under test, waited for. */
  scan(): Promise<void>;
  /** Deletes an item through ABS (which emits item_removed). */
  deleteItem(id: string): Promise<void>;
  /** How long a watcher scan may take to report (ABS waits out a 10 s quiet period, then 3 s for files to settle). */
  watcherTimeoutMs: number;
  stop(): Promise<void>;
}

export type StartAbsTarget = (options: { watcher: boolean }) => Promise<AbsTarget>;

const FIRST_FAKE: BookSeed = {
  title: 'The First Fake',
  authors: ['Zelda Quillfeather'],
  series: [{ name: 'The Fake Saga', sequence: '1' }, { name: 'Fake Universe', sequence: '1.5' }],
  asin: 'B000FAKE01',
  narrators: ['Nora Narrator'],
};
const SECOND_FAKE: BookSeed = { title: 'The Second Fake', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '2' }] };
const FILLER = 21;

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as IntegrationError,
  );

type SocketEvent = 'item_added' | 'items_added' | 'item_updated' | 'item_removed' | 'task_finished' | 'connected';

/**
 * The ABS clients' contract, run unchanged against the fake and the real Audiobookshelf 2.36.0: what one answers,
 * the other must answer too. Books arrive the way they do in ABS: on disk first, then a scan.
 */
export function absClientSuite(label: string, start: StartAbsTarget, hookTimeoutMs?: number): void {
  describe(`ABS clients against ${label}`, () => {
    let t: AbsTarget;
    let client: AbsClient;
    const log = captureLogs();
    const sockets: AbsSocketClient[] = [];
    const open = (token: AbsSocketOptions['token']) => {
      const socket = new AbsSocketClient({ baseUrl: t.url, logger: log.logger, token, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, connectTimeoutMs: 5_000 });
      sockets.push(socket);
      return socket;
    };
    const next = <T>(socket: AbsSocketClient, event: SocketEvent, timeoutMs = 10_000) =>
      once(socket, event, { signal: AbortSignal.timeout(timeoutMs) }).then((args) => args[0] as T);
    const byTitle = async (title: string) => (await client.search(t.libraryId, title)).books.find((b) => b.title === title)!;

    beforeAll(async () => {
      t = await start({ watcher: false });
      client = new AbsClient({ baseUrl: t.url, auth: { apiKey: t.apiKey }, logger: log.logger, timeoutMs: 5_000, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
      // Three scans: filler first, then each Fake alone, so addedAt orders them for "recently added".
      for (const batch of [generateBooks(FILLER), [FIRST_FAKE], [SECOND_FAKE]]) {
        await t.stageBooks(batch);
        await t.scan();
      }
    }, hookTimeoutMs);
    afterAll(async () => {
      for (const s of sockets.splice(0)) s.close();
      await t?.stop();
    });
    afterEach(() => {
      for (const s of sockets.splice(0)) s.close();
    });

    it('reports the server status without credentials', async () => {
      expect(await client.status()).toEqual({ app: 'audiobookshelf', serverVersion: '2.36.0', isInit: true });
    });

    it('lists libraries', async () => {
      const libs = await client.libraries();
      expect(libs).toEqual([{ id: t.libraryId, name: 'Audiobooks', mediaType: 'book', folders: [t.libraryFolder], lastScan: expect.any(Date) }]);
      expect(await client.library(t.libraryId)).toEqual(libs[0]);
    });

    it('pages through items in the minified shape, parsing joined names and series', async () => {
      const total = FILLER + 2;
      const page = await client.listItems(t.libraryId, { limit: 10, page: 2, sort: 'title' });
      expect(page).toMatchObject({ total, page: 2, limit: 10 });
      expect(page.items).toHaveLength(total - 20);
      const all = await client.allItems(t.libraryId, { pageSize: 10 });
      expect(all).toHaveLength(total);
      expect(new Set(all.map((b) => b.id)).size).toBe(total);
      const first = all.find((b) => b.title === 'The First Fake')!;
      expect(first).toMatchObject({
        authorNames: ['Zelda Quillfeather'],
        narratorNames: ['Nora Narrator'],
        asin: 'B000FAKE01',
        path: `${t.libraryFolder}/Zelda Quillfeather/The First Fake`,
        relPath: 'Zelda Quillfeather/The First Fake',
        isMissing: false,
      });
      // The joined seriesName follows the book's series links, whose order a scan leaves undefined (see below).
      expect([...first.series].sort((a, b) => a.name.localeCompare(b.name))).toEqual([
        { name: 'Fake Universe', sequence: '1.5' },
        { name: 'The Fake Saga', sequence: '1' },
      ]);
      expect(first.durationSec).toBeGreaterThan(0);
      expect(first.sizeBytes).toBeGreaterThan(0);
    });

    it('sorts by addedAt descending for "recently added" and filters by series and author', async () => {
      const recent = await client.recentlyAdded(t.libraryId, 2);
      expect(recent.map((b) => b.title)).toEqual(['The Second Fake', 'The First Fake']);
      const first = await byTitle('The First Fake');
      const sagaId = first.series.find((s) => s.name === 'The Fake Saga')!.id;
      const inSaga = await client.listItems(t.libraryId, { filter: { by: 'series', seriesId: sagaId } });
      expect(inSaga.items.map((b) => b.title).sort()).toEqual(['The First Fake', 'The Second Fake']);
      const byZelda = await client.listItems(t.libraryId, { filter: { by: 'author', authorId: first.authors[0]!.id } });
      expect(byZelda.items.map((b) => b.title).sort()).toEqual(['The First Fake', 'The Second Fake']);
    });

    it('gets one item and a batch with structured authors and series; an unknown id is null', async () => {
      const first = await byTitle('The First Fake');
      const item = await client.getItem(first.id);
      expect(item).toMatchObject({ id: first.id, libraryId: t.libraryId, title: 'The First Fake', narrators: ['Nora Narrator'], asin: 'B000FAKE01', isMissing: false });
      expect(item?.authors.map((a) => a.name)).toEqual(['Zelda Quillfeather']);
      // A scan creates a book's series links in one insert: ABS orders them by creation time, then by random id.
      expect(item?.series.map((s) => [s.name, s.sequence]).sort()).toEqual([
        ['Fake Universe', '1.5'],
        ['The Fake Saga', '1'],
      ]);
      expect(item?.lastScan).toBeInstanceOf(Date);
      expect(await client.getItem('00000000-0000-0000-0000-000000000000')).toBeNull();
      const second = await byTitle('The Second Fake');
      const batch = await client.getItems([first.id, second.id, 'missing-id']);
      expect(batch.map((b) => b.title).sort()).toEqual(['The First Fake', 'The Second Fake']);
    });

    it('updates metadata: authors replaced whole, sequences as strings, the series list replaced; a repeat is a no-op', async () => {
      const book = await byTitle('The Second Fake');
      const res = await client.updateMetadata(book.id, {
        title: 'The Second Fake (Revised)',
        authors: ['Zelda Quillfeather', 'Carla Coauthor'],
        series: [{ name: 'The Fake Saga', sequence: 2 }, { name: 'Fake Universe', sequence: 2.5 }],
        publishedYear: 2022,
        narrators: ['Nora Narrator'],
      });
      expect(res.updated).toBe(true);
      expect(res.book.title).toBe('The Second Fake (Revised)');
      expect(res.book.authors.map((a) => a.name)).toEqual(['Zelda Quillfeather', 'Carla Coauthor']);
      expect(res.book.series.map((s) => [s.name, s.sequence])).toEqual([
        ['The Fake Saga', '2'],
        ['Fake Universe', '2.5'],
      ]);
      expect(res.book.publishedYear).toBe('2022');
      expect(res.book.narrators).toEqual(['Nora Narrator']);
      expect((await client.getItem(book.id))?.title).toBe('The Second Fake (Revised)');
      // Repeating the same change is a no-op: ABS omits `updated`, the client says false.
      const again = await client.updateMetadata(book.id, { title: 'The Second Fake (Revised)' });
      expect(again.updated).toBe(false);
    });

    it('adds a series membership while keeping the other series', async () => {
      const book = await byTitle('The First Fake');
      const res = await client.setSeriesMembership(book.id, { name: 'Omnibus', sequence: 3 });
      // The scan's two links tie on createdAt, and ABS's queries break the tie differently (search vs item): only
      // the set is defined, and the new link, created later, comes last.
      expect(res.book.series.map((s) => [s.name, s.sequence]).sort()).toEqual([
        ['Fake Universe', '1.5'],
        ['Omnibus', '3'],
        ['The Fake Saga', '1'],
      ]);
      expect(res.book.series.at(-1)).toMatchObject({ name: 'Omnibus', sequence: '3' });
      const moved = await client.setSeriesMembership(book.id, { name: 'omnibus', sequence: '4' });
      expect(moved.book.series.map((s) => [s.name, s.sequence])).toContainEqual(['Omnibus', '4']);
      expect(moved.book.series).toHaveLength(3);
    });

    it('lists series with book sequences, and authors with counts', async () => {
      const series = await client.series(t.libraryId, { limit: 500 });
      const saga = series.items.find((s) => s.name === 'The Fake Saga')!;
      expect(saga.books.map((b) => [b.title, b.sequence])).toEqual([
        ['The First Fake', '1'],
        ['The Second Fake (Revised)', '2'],
      ]);
      expect(series.total).toBe(series.items.length);
      const authors = await client.authors(t.libraryId);
      expect(authors.find((a) => a.name === 'Zelda Quillfeather')?.numBooks).toBe(2);
      expect(authors.find((a) => a.name === 'Carla Coauthor')?.numBooks).toBe(1);
    });

    it('finds a book by ASIN substring and by title words through search', async () => {
      expect((await client.search(t.libraryId, 'FAKE01')).books.map((b: AbsBook) => b.title)).toEqual(['The First Fake']);
      const res = await client.search(t.libraryId, 'First Fake');
      expect(res.books.map((b) => b.title)).toEqual(['The First Fake']);
      expect((await client.search(t.libraryId, 'Quillfeather')).authors.map((a) => a.name)).toEqual(['Zelda Quillfeather']);
      expect((await client.search(t.libraryId, 'Fake Saga')).series.map((s) => s.name)).toEqual(['The Fake Saga']);
    });

    it('answers 404 for an unknown library as not_found, and a bad API key as auth', async () => {
      expect((await failure(client.listItems('00000000-0000-0000-0000-000000000000'))).code).toBe('not_found');
      const bad = new AbsClient({ baseUrl: t.url, auth: { apiKey: 'not-a-key' }, logger: log.logger, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
      const err = await failure(bad.libraries());
      expect(err.code).toBe('auth');
      expect(err.status).toBe(401);
    });

    it('scans a library and sees completion through lastScan when no socket is given', async () => {
      await t.stageBooks([{ title: 'Fresh Arrival', authors: ['Carla Newcomer'] }]);
      const before = (await client.library(t.libraryId)).lastScan!;
      const outcome = await client.scanLibrary(t.libraryId, { wait: { timeoutMs: 10_000, pollIntervalMs: 50 } });
      expect(outcome).toEqual({ completed: true, via: 'poll', results: null });
      expect((await client.search(t.libraryId, 'Fresh Arrival')).books).toHaveLength(1);
      expect((await client.library(t.libraryId)).lastScan!.getTime()).toBeGreaterThan(before.getTime());
    });

    it('scans a library and sees completion with counts through the socket', async () => {
      const login = new AbsClient({ baseUrl: t.url, auth: { username: t.username, password: t.password }, logger: log.logger });
      const socket = open(async () => (await login.login()).accessToken);
      await socket.connect();
      await t.stageBooks([{ title: 'Another Arrival', authors: ['Carla Newcomer'] }]);
      const outcome = await client.scanLibrary(t.libraryId, { wait: { timeoutMs: 10_000, events: socket, pollIntervalMs: 10_000 } });
      expect(outcome).toEqual({ completed: true, via: 'socket', results: { added: 1, updated: 0, missing: 0 } });
    });

    it('logs in with a user; a wrong password is an auth error that does not leak it', async () => {
      const userClient = new AbsClient({ baseUrl: t.url, auth: { username: t.username, password: t.password }, logger: log.logger });
      const me = await userClient.login();
      expect(me).toMatchObject({ username: t.username, isAdmin: true });
      await expect(userClient.libraries()).resolves.toHaveLength(1);
      const bad = new AbsClient({ baseUrl: t.url, auth: { username: t.username, password: 'not-the-password' }, logger: log.logger });
      const err = await failure(bad.libraries());
      expect(err.code).toBe('auth');
      expect(err.message).not.toContain('not-the-password');
    });

    it('socket: authenticates with a user token; an API key is refused', async () => {
      const ok = open(await t.userToken());
      await ok.connect();
      expect(ok.isAuthenticated).toBe(true);
      const refused = open(t.apiKey);
      const err = await refused.connect().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect((err as IntegrationError).code).toBe('auth');
      expect(refused.isAuthenticated).toBe(false);
    });

    it('socket: receives items_added in chunks of ten and task_finished from a library scan', async () => {
      const socket = open(await t.userToken());
      await socket.connect();
      await t.stageBooks(Array.from({ length: 12 }, (_, i) => ({ title: `Scanned ${i}`, authors: ['Sam Scanner'] })));
      const chunks: AbsBook[][] = [];
      socket.on('items_added', (items) => chunks.push(items));
      const finished = next<AbsTask>(socket, 'task_finished');
      await client.scanLibrary(t.libraryId);
      expect(await finished).toMatchObject({ action: 'library-scan', libraryId: t.libraryId, isFailed: false, scanResults: { added: 12, updated: 0, missing: 0 } });
      expect(chunks.map((c) => c.length)).toEqual([10, 2]);
      expect(chunks.flat().map((b) => b.title).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `Scanned ${i}`).sort());
      expect(chunks.flat().find((b) => b.title === 'Scanned 3')).toMatchObject({ authors: [{ name: 'Sam Scanner' }], libraryId: t.libraryId });
    });

    it('socket: receives item_updated after a metadata change and item_removed after a deletion', async () => {
      const socket = open(await t.userToken());
      await socket.connect();
      const book = await byTitle('Scanned 0');
      const updated = next<AbsBook>(socket, 'item_updated');
      await client.updateMetadata(book.id, { subtitle: 'Now with a subtitle' });
      expect(await updated).toMatchObject({ id: book.id, subtitle: 'Now with a subtitle' });
      const removed = next<{ id: string; libraryId: string }>(socket, 'item_removed');
      await t.deleteItem(book.id);
      expect(await removed).toEqual({ id: book.id, libraryId: t.libraryId });
      expect(await client.getItem(book.id)).toBeNull();
    });

    it('socket: retries with backoff when the token cannot be fetched, then authenticates', async () => {
      let calls = 0;
      const socket = open(async () => {
        calls += 1;
        if (calls === 1) throw new IntegrationError({ service: 'audiobookshelf', operation: 'login', code: 'server_error', message: 'down' });
        return t.userToken();
      });
      await socket.connect();
      expect(calls).toBe(2);
      expect(socket.isAuthenticated).toBe(true);
    });

    it('never logs tokens, API keys or passwords', () => {
      expect(log.lines.length).toBeGreaterThan(0);
      expect(log.text()).not.toContain(t.apiKey);
      expect(log.text()).not.toContain(t.password);
      expect(log.text()).not.toMatch(/access\.[A-Za-z0-9_-]{10,}|eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/);
    });
  });

  describe(`ABS watcher events against ${label}`, () => {
    let t: AbsTarget;
    let rest: AbsClient;
    const log = captureLogs();
    beforeAll(async () => {
      t = await start({ watcher: true });
      rest = new AbsClient({ baseUrl: t.url, auth: { apiKey: t.apiKey }, logger: log.logger });
    }, hookTimeoutMs);
    afterAll(() => t?.stop());

    it('delivers a watched folder as item_added and the watcher task_finished to a user-token socket', { timeout: 60_000 }, async () => {
      const socket = new AbsSocketClient({ baseUrl: t.url, logger: log.logger, token: await t.userToken() });
      try {
        await socket.connect();
        const added = once(socket, 'item_added', { signal: AbortSignal.timeout(t.watcherTimeoutMs) });
        const finished = once(socket, 'task_finished', { signal: AbortSignal.timeout(t.watcherTimeoutMs) });
        const [path] = await t.stageBooks([{ title: 'Watched Arrival', authors: ['Wanda Watcher'], series: [{ name: 'Watch Saga', sequence: '2' }] }]);
        await rest.notifyFolderAdded(t.libraryId, path!);
        const [book] = (await added) as [AbsBook];
        expect(book).toMatchObject({ title: 'Watched Arrival', path, authors: [{ name: 'Wanda Watcher' }], series: [{ name: 'Watch Saga', sequence: '2' }] });
        const [task] = (await finished) as [AbsTask];
        expect(task).toMatchObject({ action: 'watcher-scan', libraryId: t.libraryId, scanResults: { added: 1 } });
      } finally {
        socket.close();
      }
    });
  });
}
