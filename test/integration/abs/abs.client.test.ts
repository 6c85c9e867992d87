import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbsClient } from '../../../src/integrations/abs/index.js';
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

/**
 * What only the fake can show: a library too big to lay out for real, the exact requests sent, a scan that never
 * ends, an access token that expires. The behaviour both servers share is in abs.suite.ts (abs-fake/abs-real).
 */
describe('AbsClient against the ABS fake (fake-only cases)', () => {
  let fake: AbsFake;
  let client: AbsClient;
  let libraryId: string;
  const log = captureLogs();

  beforeAll(async () => {
    fake = await startAbsFake({ books: 250, scanDelayMs: 20 });
    fake.controls.seedBooks([
      { title: 'The First Fake', authors: ['Zelda Quillfeather'], series: [{ name: 'The Fake Saga', sequence: '1' }], asin: 'B000FAKE01' },
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

  it('pages through a large library one page at a time, never with limit=0', async () => {
    const all = await client.allItems(libraryId, { pageSize: 100 });
    expect(all).toHaveLength(252);
    expect(new Set(all.map((b) => b.id)).size).toBe(252);
    const listRequests = fake.controls.requests.filter((r) => r.path.endsWith('/items'));
    expect(listRequests.map((r) => [r.query.limit, r.query.page])).toEqual([
      ['100', '0'],
      ['100', '1'],
      ['100', '2'],
    ]);
  });

  it('sends authors as {name} objects and sequences as strings', async () => {
    const book = await byTitle('The Second Fake');
    await client.updateMetadata(book.id, { authors: ['Zelda Quillfeather', 'Carla Coauthor'], series: [{ name: 'The Fake Saga', sequence: 2 }, { name: 'Fake Universe', sequence: 2.5 }] });
    const sent = fake.controls.requests.filter((r) => r.method === 'PATCH').at(-1)!.body as { metadata: Record<string, unknown> };
    expect(sent.metadata.authors).toEqual([{ name: 'Zelda Quillfeather' }, { name: 'Carla Coauthor' }]);
    expect(sent.metadata.series).toEqual([{ name: 'The Fake Saga', sequence: '2' }, { name: 'Fake Universe', sequence: '2.5' }]);
  });

  it('refuses values ABS would silently mangle, before sending anything', async () => {
    const book = await byTitle('The First Fake');
    const before = fake.controls.requests.length;
    expect((await failure(client.updateMetadata(book.id, { authors: ['  '] }))).code).toBe('bad_request');
    expect((await failure(client.updateMetadata(book.id, { series: [{ name: '', sequence: 1 }] }))).code).toBe('bad_request');
    expect((await failure(client.updateMetadata(book.id, { title: '' }))).code).toBe('bad_request');
    expect(fake.controls.requests.length).toBe(before);
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

  it('a refused access token is refreshed once with the refresh token; a refused refresh token means logging in again', async () => {
    const count = (path: string) => fake.controls.requests.filter((r) => r.path === path).length;
    const [logins, refreshes] = [count('/login'), count('/auth/refresh')];
    const userClient = new AbsClient({ baseUrl: fake.url, auth: { username: fake.controls.username, password: fake.controls.password }, logger: log.logger });
    await userClient.libraries();
    expect(fake.controls.requests.filter((r) => r.path === '/login').at(-1)?.headers['x-return-tokens']).toBe('true');
    fake.controls.expireAccessTokens();
    await expect(userClient.libraries()).resolves.toHaveLength(1);
    expect([count('/login') - logins, count('/auth/refresh') - refreshes]).toEqual([1, 1]);
    fake.controls.expireAccessTokens();
    fake.controls.revokeRefreshTokens();
    await expect(userClient.libraries()).resolves.toHaveLength(1);
    expect([count('/login') - logins, count('/auth/refresh') - refreshes]).toEqual([2, 2]);
  });

  it('renews a short-lived access token ahead of its expiry, so calls never meet a 401', async () => {
    const short = await startAbsFake({ books: 1, accessTokenTtlMs: 2_500 });
    try {
      const userClient = new AbsClient({ baseUrl: short.url, auth: { username: short.controls.username, password: short.controls.password }, logger: log.logger });
      const deadline = Date.now() + 4_000;
      let calls = 0;
      while (Date.now() < deadline) {
        await userClient.libraries();
        calls += 1;
        await new Promise((r) => setTimeout(r, 200));
      }
      // ABS's TTL is read from the token (exp); renewed ≥ 1 min ahead, i.e. at once for a 2.5-s token: no call
      // was refused and sent again.
      expect(short.controls.requests.filter((r) => r.path === '/api/libraries')).toHaveLength(calls);
      expect(short.controls.requests.filter((r) => r.path === '/auth/refresh').length).toBeGreaterThan(0);
    } finally {
      await short.close();
    }
  });

  it('never logs tokens, API keys or passwords', () => {
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(fake.controls.apiKey);
    expect(log.text()).not.toContain(fake.controls.password);
    expect(log.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
  });
});
