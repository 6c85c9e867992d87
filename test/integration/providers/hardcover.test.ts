import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HardcoverClient } from '../../../src/integrations/providers/hardcover/hardcover.client.js';
import { BOOK_BY_ID, EDITION_BY_ASIN, EDITION_BY_ISBN, SEARCH_BOOKS, SERIES_BY_ID, countTopLevelFields } from '../../../src/integrations/providers/hardcover/hardcover.queries.js';
import { startHardcoverFake, type HardcoverFake } from '../../fakes/providers/hardcover.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FAULT_CASES, SHORT_429, expectFault } from './fault-modes.js';

const TOKEN = 'hc_eyJhbGciOiJIUzI1NiJ9.fake-token';
let fake: HardcoverFake;
beforeAll(async () => {
  fake = await startHardcoverFake({
    token: TOKEN,
    books: [
      { id: 1, title: 'The Way of Kings', authors: ['Brandon Sanderson'], narrators: ['Michael Kramer', 'Kate Reading'], series: [{ id: 77, name: 'The Stormlight Archive', position: 1 }], asin: 'B003P2WO5E', isbn13: '9780765326355', audioSeconds: 163_800, releaseYear: 2010, usersCount: 900, description: '<p>Roshar.</p>' },
      { id: 2, title: 'Words of Radiance', authors: ['Brandon Sanderson'], series: [{ id: 77, name: 'The Stormlight Archive', position: 2 }], releaseYear: 2014, usersCount: 800 },
      { id: 3, title: 'Edgedancer', authors: ['Brandon Sanderson'], series: [{ id: 77, name: 'The Stormlight Archive', position: 2.5 }], releaseYear: 2016, usersCount: 400 },
      { id: 4, title: 'Words of Radiance (duplicate edition)', authors: ['Brandon Sanderson'], series: [{ id: 77, name: 'The Stormlight Archive', position: 2 }], usersCount: 5 },
      { id: 5, title: 'Stormlight 1-2 Box Set', authors: ['Brandon Sanderson'], series: [{ id: 77, name: 'The Stormlight Archive', position: null, details: '1-2' }], compilation: true },
      { id: 6, title: 'Elantris', authors: ['Brandon Sanderson'], usersCount: 300 },
      { id: 7, title: 'Sanderson Studies', authors: ['Someone Else'], usersCount: 1 },
    ],
  });
});
afterAll(() => fake.close());

const client = (token = TOKEN) => {
  const logs = captureLogs();
  const clock = new FakeClock();
  return { client: new HardcoverClient({ baseUrl: fake.apiUrl, token: `Bearer ${token}`, logger: logs.logger, clock, timeoutMs: 300, retry: { baseDelayMs: 10 } }), logs, clock };
};

describe('Hardcover client against its fake', () => {
  it('every query it sends stays within 5 top-level fields', () => {
    for (const q of [SEARCH_BOOKS, BOOK_BY_ID, EDITION_BY_ISBN, EDITION_BY_ASIN, SERIES_BY_ID]) expect(countTopLevelFields(q)).toBeLessThanOrEqual(5);
    expect(countTopLevelFields('query X { a: books { id } b: books { id } me { id } }')).toBe(3);
  });

  it('searches (Typesense results inside the GraphQL answer) and maps string ids', async () => {
    const hits = await client().client.search({ title: 'way of kings', author: 'sanderson' });
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ provider: 'hardcover', providerId: '1', authors: ['Brandon Sanderson'], series: [{ name: 'The Stormlight Archive', sequence: '1' }], durationMinutes: 2730 });
  });

  it('gets by ISBN and ASIN with authors and narrators told apart', async () => {
    const c = client().client;
    const byIsbn = await c.getByIsbn('9780765326355');
    expect(byIsbn).toMatchObject({ authors: ['Brandon Sanderson'], narrators: ['Michael Kramer', 'Kate Reading'], asin: 'B003P2WO5E', description: 'Roshar.' });
    expect(byIsbn?.series[0]).toEqual({ name: 'The Stormlight Archive', sequence: '1', providerId: '77' });
    expect((await c.getByAsin('B003P2WO5E'))?.title).toBe('The Way of Kings');
    expect(await c.getByIsbn('9780000000002')).toBeNull();
  });

  it('returns series members ordered by position, one per position, compilations left out', async () => {
    const series = await client().client.getSeries('77');
    expect(series?.members.map((m) => [m.position, m.title])).toEqual([
      ['1', 'The Way of Kings'],
      ['2', 'Words of Radiance'],
      ['2.5', 'Edgedancer'],
    ]);
    expect(await client().client.getSeries('999')).toBeNull();
  });

  it('lists only books the author wrote', async () => {
    const books = await client().client.getAuthorBooks('Brandon Sanderson');
    expect(books.map((b) => b.title)).not.toContain('Sanderson Studies');
    expect(books.map((b) => b.title)).toContain('Elantris');
  });

  it('a bad token is auth (401 invalid_token) and the token never reaches a log line', async () => {
    const { client: c, logs } = client('hc_wrong-token-value');
    await expect(c.search({ title: 'elantris' })).rejects.toMatchObject({ code: 'auth', status: 401 });
    expect(logs.text()).not.toContain('hc_wrong-token-value');
    expect(fake.requests.at(-1)?.headers.authorization).toBe('Bearer hc_wrong-token-value');
  });

  it('waits out a short 429 and succeeds', async () => {
    const { client: c, clock } = client();
    fake.faults.set(SHORT_429);
    expect(await c.search({ title: 'elantris' })).toHaveLength(1);
    expect(clock.sleeps).toContain(2_000);
  });

  it('an expired token is auth, never "no results"', async () => {
    await expectFault(fake, { mode: 'expired_session' }, 'auth', () => client().client.search({ title: 'elantris' }));
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client().client.getBook(1));
    });
  }
});
