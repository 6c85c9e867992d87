import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GoogleBooksClient } from '../../../src/integrations/providers/google-books/google-books.client.js';
import { startGoogleBooksFake, type GoogleBooksFake } from '../../fakes/providers/google-books.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FAULT_CASES, SHORT_429, expectFault } from './fault-modes.js';

const API_KEY = 'AIzaFAKE-google-key-0001';
let fake: GoogleBooksFake;
beforeAll(async () => {
  fake = await startGoogleBooksFake({
    apiKey: API_KEY,
    volumes: [
      { id: 'K6DzDwAAQBAJ', title: 'Project Hail Mary', subtitle: 'A Novel', authors: ['Andy Weir'], publishedDate: '2021-05', isbn13: '9780593135211', isbn10: '0593135210', description: 'Ryland <i>Grace</i> wakes up.<br>Alone.', categories: ['Fiction'] },
      { id: 'MARTIAN001', title: 'The Martian', authors: ['Andy Weir'], publishedDate: '2014' },
    ],
  });
});
afterAll(() => fake.close());

function client(apiKey = API_KEY) {
  const logs = captureLogs();
  const clock = new FakeClock();
  const c = new GoogleBooksClient({ baseUrl: fake.apiUrl, apiKey, logger: logs.logger, clock, timeoutMs: 300, retry: { baseDelayMs: 10 } });
  return { client: c, logs, clock };
}

describe('Google Books client against its fake', () => {
  it('searches with intitle/inauthor and maps ISBN-13, year, https cover and plain-text description', async () => {
    const [book, ...rest] = await client().client.search({ title: 'hail mary', author: 'weir' });
    expect(rest).toEqual([]);
    expect(book).toMatchObject({ provider: 'google-books', providerId: 'K6DzDwAAQBAJ', isbn: '9780593135211', publishedYear: 2021, language: 'en', genres: ['Fiction'] });
    expect(book?.description).toBe('Ryland Grace wakes up.\nAlone.');
    expect(book?.coverUrl).toMatch(/^https:\/\/books\.google\.com\/.*zoom=1/);
    expect(book?.coverUrl).not.toContain('edge=curl');
  });

  it('treats an absent `items` as no results, and finds by ISBN', async () => {
    const c = client().client;
    expect(await c.search({ title: 'no such book anywhere' })).toEqual([]);
    expect((await c.getByIsbn('978-0-593-13521-1'))?.title).toBe('Project Hail Mary');
    expect(await c.getByIsbn('9780000000002')).toBeNull();
    expect((await c.getAuthorBooks('Andy Weir')).map((b) => b.title).sort()).toEqual(['Project Hail Mary', 'The Martian']);
  });

  it('reports an invalid key as auth, not as no results, and never logs the key', async () => {
    const { client: c, logs } = client('AIzaWRONG-key-9999');
    await expect(c.search({ title: 'hail mary' })).rejects.toMatchObject({ code: 'auth' });
    const { client: good, logs: goodLogs } = client();
    await good.search({ title: 'martian' });
    expect(`${logs.text()}${goodLogs.text()}`).not.toMatch(/AIzaWRONG-key-9999|AIzaFAKE-google-key-0001/);
    expect(goodLogs.text()).toContain('key=***');
  });

  it('waits out a short quota 429 and succeeds', async () => {
    const { client: c, clock } = client();
    fake.faults.set(SHORT_429);
    expect(await c.search({ title: 'martian' })).toHaveLength(1);
    expect(clock.sleeps).toContain(2_000);
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client().client.search({ title: 'hail mary' }));
    });
  }
});
