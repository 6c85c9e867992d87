import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudnexusClient } from '../../../src/integrations/providers/audnexus/audnexus.client.js';
import { MemoryResponseCache } from '../../../src/integrations/http/response-cache.js';
import { startAudnexusFake, type AudnexusFake } from '../../fakes/providers/audnexus.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FAULT_CASES, SHORT_429, expectFault } from './fault-modes.js';

let fake: AudnexusFake;
beforeAll(async () => {
  fake = await startAudnexusFake([
    {
      asin: 'B08G9PRS1K',
      title: 'Project Hail Mary',
      authors: [{ asin: 'B00G0WYW92', name: 'Andy Weir' }],
      narrators: [{ name: 'Ray Porter' }],
      seriesPrimary: { asin: 'B09SERIES1', name: 'Standalone Tales', position: '2, Dramatized Adaptation' },
      runtimeLengthMin: 970,
      releaseDate: '2021-05-04T00:00:00.000Z',
      summary: '<p><b>Ryland Grace</b> is the sole survivor.</p><p>Second paragraph.</p>',
      image: 'http://m.media-amazon.com/images/I/91vS2L5YfEL.jpg',
      genres: [{ asin: '1', name: 'Science Fiction', type: 'tag' }],
    },
    { asin: 'B00B5HO5XS', title: 'The Martian', authors: [{ name: 'Andy Weir' }] },
    { asin: 'B0OTHER001', title: 'Martian Chronicles', authors: [{ name: 'Ray Bradbury' }] },
  ]);
});
afterAll(() => fake.close());

function client(extra: { cache?: MemoryResponseCache } = {}) {
  const logs = captureLogs();
  const clock = new FakeClock();
  return { client: new AudnexusClient({ baseUrl: fake.url, logger: logs.logger, clock, timeoutMs: 300, retry: { baseDelayMs: 10 }, ...extra }), logs, clock };
}

describe('Audnexus client against its fake', () => {
  it('gets a book by ASIN with narrators, series position text, runtime and a plain-text description', async () => {
    const book = await client().client.getByAsin('b08g9prs1k');
    expect(book).toMatchObject({
      provider: 'audnexus',
      asin: 'B08G9PRS1K',
      title: 'Project Hail Mary',
      authors: ['Andy Weir'],
      narrators: ['Ray Porter'],
      series: [{ name: 'Standalone Tales', sequence: '2, Dramatized Adaptation', providerId: 'B09SERIES1' }],
      durationMinutes: 970,
      publishedYear: 2021,
      language: 'en',
      coverUrl: 'https://m.media-amazon.com/images/I/91vS2L5YfEL.jpg',
      genres: ['Science Fiction'],
    });
    expect(book?.description).toBe('Ryland Grace is the sole survivor.\nSecond paragraph.');
  });

  it('answers null for an unknown ASIN (404) and refuses a malformed one without a request', async () => {
    const { client: c } = client();
    expect(await c.getByAsin('B000000000')).toBeNull();
    const before = fake.requests.length;
    await expect(c.getByAsin('not-an-asin')).rejects.toMatchObject({ code: 'bad_request' });
    expect(fake.requests.length).toBe(before);
  });

  it('searches by title and author and lists an author’s books', async () => {
    const { client: c } = client();
    const hits = await c.search({ title: 'martian', author: 'weir' });
    expect(hits.map((b) => b.title)).toEqual(['The Martian']);
    const books = await c.getAuthorBooks('Andy Weir');
    expect(books.map((b) => b.asin).sort()).toEqual(['B00B5HO5XS', 'B08G9PRS1K']);
  });

  it('waits out a short 429 (retryAfterSeconds) and succeeds', async () => {
    const { client: c, clock } = client();
    fake.faults.set(SHORT_429);
    expect((await c.getByAsin('B08G9PRS1K'))?.title).toBe('Project Hail Mary');
    expect(clock.sleeps).toContain(2_000);
  });

  it('serves a repeated lookup from the cache without a request', async () => {
    const { client: c } = client({ cache: new MemoryResponseCache() });
    await c.getByAsin('B00B5HO5XS');
    const before = fake.requests.length;
    await c.getByAsin('B00B5HO5XS');
    expect(fake.requests.length).toBe(before);
    await c.getByAsin('B00B5HO5XS', { forceRefresh: true });
    expect(fake.requests.length).toBe(before + 1);
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client().client.getByAsin('B08G9PRS1K'));
    });
  }
});
