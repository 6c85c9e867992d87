import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbsClient, AbsSocketClient, type AbsBook } from '../../../src/integrations/abs/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as IntegrationError,
  );

describe('AbsClient against the ABS fake', () => {
  let fake: AbsFake;
  let client: AbsClient;
  let libraryId: string;
  const log = captureLogs();

  beforeAll(async () => {
    fake = await startAbsFake({ books: 250, scanDelayMs: 20 });
    fake.controls.seedBooks([
      { title: 'The First Fake', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '1' }, { name: 'Fake Universe', sequence: '1.5' }], asin: 'B000FAKE01', narrators: ['Nora Narrator'] },
      { title: 'The Second Fake', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '2' }] },
    ]);
    libraryId = fake.controls.library.id;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.controls.faults.clear();
    client = new AbsClient({ baseUrl: fake.url, auth: { apiKey: fake.controls.apiKey }, logger: log.logger, timeoutMs: 2_000, retry: { baseDelayMs: 10, maxDelayMs: 20 } });
  });
  const byTitle = async (title: string) => (await client.search(libraryId, title)).books.find((b) => b.title === title)!;

  it('lists libraries', async () => {
    const libs = await client.libraries();
    expect(libs).toEqual([{ id: libraryId, name: 'Audiobooks', mediaType: 'book', folders: ['/audiobooks'], lastScan: null }]);
  });

  it('pages through items in the minified shape, parsing joined names and series', async () => {
    const page = await client.listItems(libraryId, { limit: 10, page: 2, sort: 'title' });
    expect(page).toMatchObject({ total: 252, page: 2, limit: 10 });
    expect(page.items).toHaveLength(10);
    const all = await client.allItems(libraryId, { pageSize: 100 });
    expect(all).toHaveLength(252);
    expect(new Set(all.map((b) => b.id)).size).toBe(252);
    const listRequests = fake.controls.requests.filter((r) => r.path.endsWith('/items') && r.query.limit === '100');
    expect(listRequests.map((r) => r.query.page)).toEqual(['0', '1', '2']);
    const first = all.find((b) => b.title === 'The First Fake')!;
    expect(first).toMatchObject({ authorNames: ['Zelda Quillfeather'], narratorNames: ['Nora Narrator'], asin: 'B000FAKE01' });
    expect(first.series).toEqual([
      { name: 'Fake Universe', sequence: '1.5' },
      { name: 'The Fake Saga', sequence: '1' },
    ]);
  });

  it('sorts by addedAt descending for "recently added" and filters by series', async () => {
    const recent = await client.recentlyAdded(libraryId, 2);
    expect(recent.map((b) => b.title)).toEqual(['The Second Fake', 'The First Fake']);
    const sagaId = (await byTitle('The First Fake')).series.find((s) => s.name === 'The Fake Saga')!.id;
    const inSaga = await client.listItems(libraryId, { filter: { by: 'series', seriesId: sagaId } });
    expect(inSaga.items.map((b) => b.title).sort()).toEqual(['The First Fake', 'The Second Fake']);
  });

  it('gets one item and a batch with structured authors and series; unknown id is null', async () => {
    const first = await byTitle('The First Fake');
    const item = await client.getItem(first.id);
    expect(item?.authors.map((a) => a.name)).toEqual(['Zelda Quillfeather']);
    expect(item?.series.map((s) => [s.name, s.sequence])).toEqual([
      ['The Fake Saga', '1'],
      ['Fake Universe', '1.5'],
    ]);
    expect(await client.getItem('00000000-0000-0000-0000-000000000000')).toBeNull();
    const second = await byTitle('The Second Fake');
    const batch = await client.getItems([first.id, second.id, 'missing-id']);
    expect(batch.map((b) => b.title)).toEqual(['The First Fake', 'The Second Fake']);
  });

  it('updates metadata with authors sent as objects, sequences as strings, and the series list replaced whole', async () => {
    const book = await byTitle('The Second Fake');
    const res = await client.updateMetadata(book.id, {
      title: 'The Second Fake (Revised)',
      authors: ['Zelda Quillfeather', 'Carla Coauthor'],
      series: [{ name: 'The Fake Saga', sequence: 2 }, { name: 'Fake Universe', sequence: 2.5 }],
      publishedYear: 2022,
      narrators: ['Nora Narrator'],
    });
    expect(res.updated).toBe(true);
    expect(res.book.authors.map((a) => a.name)).toEqual(['Zelda Quillfeather', 'Carla Coauthor']);
    expect(res.book.series.map((s) => [s.name, s.sequence])).toEqual([
      ['The Fake Saga', '2'],
      ['Fake Universe', '2.5'],
    ]);
    expect(res.book.publishedYear).toBe('2022');
    const sent = fake.controls.requests.filter((r) => r.method === 'PATCH').at(-1)!.body as { metadata: Record<string, unknown> };
    expect(sent.metadata.authors).toEqual([{ name: 'Zelda Quillfeather' }, { name: 'Carla Coauthor' }]);
    expect(sent.metadata.series).toEqual([{ name: 'The Fake Saga', sequence: '2' }, { name: 'Fake Universe', sequence: '2.5' }]);
    // Repeating the same change is a no-op: ABS omits `updated`, the client says false.
    const again = await client.updateMetadata(book.id, { title: 'The Second Fake (Revised)' });
    expect(again.updated).toBe(false);
  });

  it('refuses values ABS would silently mangle, before sending anything', async () => {
    const book = await byTitle('The First Fake');
    const before = fake.controls.requests.length;
    expect((await failure(client.updateMetadata(book.id, { authors: ['  '] }))).code).toBe('bad_request');
    expect((await failure(client.updateMetadata(book.id, { series: [{ name: '', sequence: 1 }] }))).code).toBe('bad_request');
    expect((await failure(client.updateMetadata(book.id, { title: '' }))).code).toBe('bad_request');
    expect(fake.controls.requests.length).toBe(before);
  });

  it('adds a series membership while keeping the other series', async () => {
    const book = await byTitle('The First Fake');
    const res = await client.setSeriesMembership(book.id, { name: 'Omnibus', sequence: 3 });
    expect(res.book.series.map((s) => [s.name, s.sequence])).toEqual([
      ['The Fake Saga', '1'],
      ['Fake Universe', '1.5'],
      ['Omnibus', '3'],
    ]);
    const moved = await client.setSeriesMembership(book.id, { name: 'omnibus', sequence: '4' });
    expect(moved.book.series.map((s) => [s.name, s.sequence])).toContainEqual(['Omnibus', '4']);
    expect(moved.book.series).toHaveLength(3);
  });

  it('lists series with book sequences, and authors with counts', async () => {
    const series = await client.series(libraryId, { limit: 500 });
    const saga = series.items.find((s) => s.name === 'The Fake Saga')!;
    expect(saga.books.map((b) => [b.title, b.sequence])).toEqual([
      ['The First Fake', '1'],
      ['The Second Fake (Revised)', '2'],
    ]);
    const authors = await client.authors(libraryId);
    expect(authors.find((a) => a.name === 'Zelda Quillfeather')?.numBooks).toBe(2);
  });

  it('finds a book by ASIN substring through search', async () => {
    const res = await client.search(libraryId, 'FAKE01');
    expect(res.books.map((b: AbsBook) => b.title)).toEqual(['The First Fake']);
  });

  it('scans a library and sees completion through lastScan when no socket is given', async () => {
    fake.controls.stageBook({ title: 'Fresh Arrival', authors: ['Carla Newcomer'] });
    const outcome = await client.scanLibrary(libraryId, { wait: { timeoutMs: 5_000, pollIntervalMs: 50 } });
    expect(outcome).toEqual({ completed: true, via: 'poll', results: null });
    expect((await client.search(libraryId, 'Fresh Arrival')).books).toHaveLength(1);
    expect((await client.library(libraryId)).lastScan).toBeInstanceOf(Date);
  });

  it('scans a library and sees completion with counts through the socket', async () => {
    const login = new AbsClient({ baseUrl: fake.url, auth: { username: fake.controls.username, password: fake.controls.password }, logger: log.logger });
    const socket = new AbsSocketClient({ baseUrl: fake.url, logger: log.logger, token: async () => (await login.login()).accessToken });
    await socket.connect();
    try {
      fake.controls.stageBook({ title: 'Another Arrival', authors: ['Carla Newcomer'] });
      fake.controls.scanner.scanDelayMs = 20;
      const outcome = await client.scanLibrary(libraryId, { wait: { timeoutMs: 5_000, events: socket, pollIntervalMs: 10_000 } });
      expect(outcome).toEqual({ completed: true, via: 'socket', results: { added: 1, updated: 0, missing: 0 } });
    } finally {
      socket.close();
    }
  });

  it('reports a scan that never finishes as a timeout', async () => {
    fake.controls.scanner.scanDelayMs = 60_000;
    try {
      const err = await failure(client.scanLibrary(libraryId, { wait: { timeoutMs: 300, pollIntervalMs: 50 } }));
      expect(err.code).toBe('timeout');
    } finally {
      fake.controls.scanner.scanDelayMs = 20;
    }
  });

  it('logs in with a user and renews an expired access token once', async () => {
    const userClient = new AbsClient({ baseUrl: fake.url, auth: { username: fake.controls.username, password: fake.controls.password }, logger: log.logger });
    await userClient.libraries();
    fake.controls.expireAccessTokens();
    await expect(userClient.libraries()).resolves.toHaveLength(1);
    expect(fake.controls.requests.filter((r) => r.path === '/login').length).toBeGreaterThanOrEqual(2);
    const bad = new AbsClient({ baseUrl: fake.url, auth: { username: 'root', password: 'not-the-password' }, logger: log.logger });
    const err = await failure(bad.libraries());
    expect(err.code).toBe('auth');
    expect(err.message).not.toContain('not-the-password');
  });

  it('reports the server status without credentials', async () => {
    expect(await client.status()).toEqual({ app: 'audiobookshelf', serverVersion: '2.36.0', isInit: true });
  });

  it('never logs tokens, API keys or passwords', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(fake.controls.apiKey);
    expect(log.text()).not.toContain(fake.controls.password);
    expect(log.text()).not.toMatch(/access\.[A-Za-z0-9_-]{10,}/);
  });
});
