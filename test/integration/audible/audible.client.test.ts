import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudibleClient, audibleBaseUrl, type AudibleClientOptions } from '../../../src/integrations/audible/index.js';
import { IntegrationError } from '../../../src/integrations/http/errors.js';
import { MemoryResponseCache } from '../../../src/integrations/http/response-cache.js';
import { findFreePort } from '../../../src/util/free-port.js';
import { startAudibleFake, type AudibleFake } from '../../fakes/audible/audible.fake.js';
import { ASINS, AUTHOR, fakeBook, type FakeRegion } from '../../fakes/audible/audible.model.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { FAULT_CASES, SHORT_429, expectFault } from '../providers/fault-modes.js';

let fake: AudibleFake;
const GENERATED = Array.from({ length: 120 }, (_, i) => `B0GEN${String(i).padStart(5, '0')}`);

beforeAll(async () => {
  fake = await startAudibleFake({ products: { au: GENERATED.map((asin, i) => fakeBook(asin, `Generated ${i}`)) } });
});
afterAll(() => fake.close());

function client(region: FakeRegion = 'us', extra: Partial<AudibleClientOptions> = {}) {
  const logs = captureLogs();
  const clock = new FakeClock();
  const c = new AudibleClient({ baseUrl: fake.baseUrlTemplate, region, logger: logs.logger, clock, timeoutMs: 2_000, retry: { baseDelayMs: 10 }, ...extra });
  return { client: c, logs, clock };
}

/** Runs `work` and returns the catalogue requests it made. */
async function requestsOf(work: () => Promise<unknown>) {
  const before = fake.requests.length;
  await work();
  return fake.requests.slice(before);
}

async function failure(work: Promise<unknown>): Promise<IntegrationError> {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(IntegrationError);
  return error as IntegrationError;
}

describe('Audible client against its fake, over HTTP', () => {
  it('maps a book: contributors with ASINs, both series links, relationships, dates, format, runtime, plain-text description, cover', async () => {
    const { client: c } = client();
    let book: Awaited<ReturnType<AudibleClient['getProduct']>> | undefined;
    const [req] = await requestsOf(async () => (book = await c.getProduct(ASINS.book1.toLowerCase())));
    expect(book).toEqual({
      asin: ASINS.book1,
      region: 'us',
      title: 'The Lantern Road',
      subtitle: 'Book 1',
      authors: [{ name: AUTHOR.name, asin: AUTHOR.asin }],
      narrators: ['Tom Harlow'],
      publisher: 'Quillfeather Audio',
      description: 'The Lantern Road continues the road.\nSecond paragraph & more.',
      releaseDate: '2019-03-05',
      releaseDatePlaceholder: false,
      language: 'en',
      runtimeMinutes: 742,
      format: 'unabridged',
      deliveryType: 'SinglePartBook',
      contentType: 'Product',
      isSeries: false,
      dramatized: false,
      series: [
        { asin: ASINS.series, title: 'The Lantern Road', sequence: '1' },
        { asin: ASINS.chronological, title: 'The Lantern Road (Chronological Order)', sequence: '2' },
      ],
      relationships: [
        { asin: ASINS.series, direction: 'parent', type: 'series', sequence: '1', sort: 1, title: null },
        { asin: ASINS.chronological, direction: 'parent', type: 'series', sequence: '2', sort: 2, title: null },
      ],
      sku: 'BK_QUIL_NTERN1',
      skuLite: 'BK_QUIL_000001',
      publicationName: 'The Lantern Road',
      coverUrl: `https://m.media-amazon.com/images/I/${ASINS.book1}._SL500_.jpg`,
      suppressed: false,
    });
    expect(req?.path).toBe(`/us/1.0/catalog/products/${ASINS.book1}`);
    expect(String(req?.query.response_groups).split(',')).toEqual(expect.arrayContaining(['contributors', 'product_desc', 'relationships', 'series', 'media']));
    expect(req?.query.image_sizes).toBe('500');
    // Nothing to mask (no credentials), but the project's User-Agent goes out and no auth header does.
    expect(String(req?.headers['user-agent'])).toMatch(/^shelfkeeper\/\S+ \(\+https:\/\/github\.com\/shelfkeeper\/shelfkeeper\)$/);
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.headers.cookie).toBeUndefined();
  });

  it('maps editions: abridged (same SKU group), dramatized, a 2200-01-01 placeholder, an omnibus range and a bare product', async () => {
    const { client: c } = client();
    const abridged = await c.getProduct(ASINS.book2Abridged);
    const unabridged = await c.getProduct(ASINS.book2);
    expect([abridged.format, unabridged.format]).toEqual(['abridged', 'unabridged']);
    expect(abridged.skuLite).toBe(unabridged.skuLite);
    const drama = await c.getProduct(ASINS.dramatized);
    expect(drama).toMatchObject({ dramatized: true, format: 'unabridged', narrators: ['Full Cast', 'Tom Harlow'] });
    expect(drama.series).toEqual([{ asin: ASINS.series, title: 'The Lantern Road', sequence: '1, Dramatized Adaptation' }]);
    expect(await c.getProduct(ASINS.announced)).toMatchObject({ releaseDate: null, releaseDatePlaceholder: true, runtimeMinutes: null });
    expect((await c.getProduct(ASINS.omnibus)).series[0]?.sequence).toBe('1-3');
    expect(await c.getProduct(ASINS.bare)).toMatchObject({
      title: 'Quiet Harbour',
      authors: [{ name: 'Ines Calder', asin: null }],
      narrators: [],
      series: [],
      relationships: [],
      description: null,
      publisher: null,
      releaseDate: null,
      releaseDatePlaceholder: false,
      runtimeMinutes: null,
      format: null,
      language: null,
      coverUrl: null,
      sku: null,
      isSeries: false,
    });
  });

  it('reads a BookSeries container as a series and orders its members by sort, then position', async () => {
    const { client: c } = client();
    const series = await c.getSeries(ASINS.series);
    expect(series.product).toMatchObject({ asin: ASINS.series, isSeries: true, deliveryType: 'BookSeries', title: 'The Lantern Road' });
    expect(series.members.map((m) => [m.asin, m.sequence, m.sort])).toEqual([
      [ASINS.book1, '1', 1],
      [ASINS.dramatized, '1', 1],
      [ASINS.book2, '2', 2],
      [ASINS.book2Abridged, '2', 2],
      [ASINS.novella, '2.5', 3],
      [ASINS.book3, '3', 4],
      [ASINS.omnibus, '1-3', 5],
      [ASINS.announced, '4', 6],
    ]);
    // The second series object numbers the same books differently.
    const chrono = await c.getSeries(ASINS.chronological);
    expect(chrono.members.map((m) => [m.asin, m.sequence])).toEqual([
      [ASINS.novella, '1'],
      [ASINS.book1, '2'],
      [ASINS.book2, '3'],
      [ASINS.book3, '4'],
    ]);
    expect((await failure(c.getSeries(ASINS.book1))).code).toBe('bad_request');
  });

  it('answers a typed not_found for an unknown ASIN (404) and for a suppressed stub, and refuses a malformed ASIN unasked', async () => {
    const { client: c } = client('us', { cache: new MemoryResponseCache() });
    const unknown = await failure(c.getProduct('B0NOSUCH00'));
    expect([unknown.code, unknown.status, unknown.retryable]).toEqual(['not_found', 404, false]);
    const stub = await failure(c.getProduct(ASINS.suppressed));
    expect(stub.code).toBe('not_found');
    // A stub is not kept as an answer: asking again asks Audible again.
    expect(await requestsOf(() => c.getProduct(ASINS.suppressed).catch(() => undefined))).toHaveLength(1);
    expect(await requestsOf(() => c.getProduct('not-an-asin').catch(() => undefined))).toHaveLength(0);
    expect((await failure(c.getProduct('not-an-asin'))).code).toBe('bad_request');
  });

  it('looks up 120 ASINs in 3 calls of at most 50, lists the unknown ones as missing, and serves them from the cache afterwards', async () => {
    const { client: c } = client('au', { cache: new MemoryResponseCache() });
    const wanted = [...GENERATED, 'B0NOSUCH00', GENERATED[0]!];
    let batch: Awaited<ReturnType<AudibleClient['getProducts']>> | undefined;
    const calls = await requestsOf(async () => (batch = await c.getProducts(wanted)));
    expect(calls.map((r) => String(r.query.asins).split(',').length)).toEqual([50, 50, 21]);
    expect(calls.every((r) => r.path === '/au/1.0/catalog/products')).toBe(true);
    expect(batch?.products.map((p) => p.asin)).toEqual(GENERATED);
    expect(batch?.missing).toEqual(['B0NOSUCH00']);
    // Every product is cached under its own key: again, and one by one, without a request.
    expect(await requestsOf(() => c.getProducts(GENERATED.slice(10, 70)))).toHaveLength(0);
    expect(await requestsOf(() => c.getProduct(GENERATED[99]!))).toHaveLength(0);
    // Only the uncached remainder is asked for.
    const again = await requestsOf(() => c.getProducts([GENERATED[1]!, 'B0NOSUCH00']));
    expect(again.map((r) => r.query.asins)).toEqual(['B0NOSUCH00']);
  });

  it('the fake refuses a batch of 51 ASINs with a 400, as Audible does', async () => {
    const res = await fetch(`${fake.urlFor('au')}/1.0/catalog/products?asins=${GENERATED.slice(0, 51).join(',')}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/at 'asins' failed to satisfy constraint/);
  });

  it('searches by author, title and keywords with paging; the page size is capped at 50', async () => {
    const { client: c } = client();
    const pages = [];
    for (let page = 0; page < 3; page += 1) pages.push(await c.search({ author: 'Mara Quill', page, pageSize: 3 }));
    expect(pages.map((p) => [p.page, p.products.length, p.totalResults, p.hasMore])).toEqual([
      [0, 3, 8, true],
      [1, 3, 8, true],
      [2, 2, 8, false],
    ]);
    const asins = pages.flatMap((p) => p.products.map((b) => b.asin));
    expect(new Set(asins).size).toBe(8);
    expect(asins).not.toContain(ASINS.series);
    const both = await c.search({ title: 'embers', author: 'quill' });
    expect(both.products.map((p) => [p.asin, p.format])).toEqual([
      [ASINS.book2, 'unabridged'],
      [ASINS.book2Abridged, 'abridged'],
    ]);
    const [req] = await requestsOf(() => c.search({ keywords: 'lamplighter', pageSize: 80 }));
    expect(req?.query).toMatchObject({ keywords: 'lamplighter', num_results: '50', page: '0', products_sort_by: 'Relevance' });
    expect((await c.search({ keywords: 'nothing like this' })).products).toEqual([]);
    expect((await failure(c.search({ title: '  ' }))).code).toBe('bad_request');
  });

  it('keeps regions apart: one book has another ASIN in the UK store, and the US ASIN is unknown there', async () => {
    const us = client('us').client;
    const uk = client('uk').client;
    const [usBook, ukBook] = [await us.getProduct(ASINS.book1), await uk.getProduct(ASINS.ukBook1)];
    expect([usBook.title, ukBook.title]).toEqual(['The Lantern Road', 'The Lantern Road']);
    expect(ukBook).toMatchObject({ region: 'uk', publisher: 'Quillfeather UK', skuLite: usBook.skuLite, series: [{ asin: ASINS.ukSeries, sequence: '1' }] });
    expect((await failure(uk.getProduct(ASINS.book1))).code).toBe('not_found');
    expect((await uk.getSeries(ASINS.ukSeries)).members.map((m) => m.asin)).toEqual([ASINS.ukBook1, ASINS.ukBook2]);
    expect(fake.catalogueCalls('uk')).toBeGreaterThanOrEqual(3);
    expect([audibleBaseUrl('us'), audibleBaseUrl('uk'), audibleBaseUrl('au'), audibleBaseUrl('jp')]).toEqual([
      'https://api.audible.com',
      'https://api.audible.co.uk',
      'https://api.audible.com.au',
      'https://api.audible.co.jp',
    ]);
  });

  it('waits out a 429 for the Retry-After it asked, and surfaces a long one as rate_limited with the wait', async () => {
    const { client: c, clock } = client();
    fake.faults.set(SHORT_429);
    const calls = await requestsOf(() => c.getProduct(ASINS.book3));
    expect(calls).toHaveLength(2);
    expect(clock.sleeps).toContain(2_000);
    fake.faults.set({ mode: 'rate_limited', retryAfter: 3_600 });
    try {
      const error = await failure(client().client.search({ keywords: 'lantern' }));
      expect([error.code, error.retryAfterMs]).toEqual(['rate_limited', 3_600_000]);
    } finally {
      fake.faults.clear();
    }
  });

  it('an outage is an error, never "no results": 5xx, a timeout and a closed port are typed', async () => {
    fake.faults.set({ mode: 'server_error' });
    try {
      expect((await failure(client().client.search({ author: 'Mara Quill' }))).code).toBe('server_error');
      expect((await failure(client('au').client.getProducts(GENERATED.slice(0, 3)))).code).toBe('server_error');
    } finally {
      fake.faults.clear();
    }
    fake.faults.set({ mode: 'timeout' });
    try {
      const error = await failure(client('us', { timeoutMs: 300, retry: { maxAttempts: 1 } }).client.getProduct(ASINS.book1));
      expect(error.code).toBe('timeout');
    } finally {
      fake.faults.clear();
    }
    const port = await findFreePort();
    const closed = new AudibleClient({ baseUrl: `http://127.0.0.1:${port}/{region}`, logger: captureLogs().logger, clock: new FakeClock(), retry: { maxAttempts: 1 } });
    expect((await failure(closed.search({ keywords: 'lantern' }))).code).toBe('network');
  });

  it('serves a repeated product or search from the cache without a request; forceRefresh asks again', async () => {
    const { client: c } = client('us', { cache: new MemoryResponseCache() });
    await c.getProduct(ASINS.novella);
    expect(await requestsOf(() => c.getProduct(ASINS.novella))).toHaveLength(0);
    expect(await requestsOf(() => c.getProduct(ASINS.novella, { forceRefresh: true }))).toHaveLength(1);
    await c.search({ author: 'Mara Quill', pageSize: 2 });
    expect(await requestsOf(() => c.search({ author: 'mara quill', pageSize: 2 }))).toHaveLength(0);
    expect(await requestsOf(() => c.search({ author: 'Mara Quill', pageSize: 2, page: 1 }))).toHaveLength(1);
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client('us', { timeoutMs: 300 }).client.getProduct(ASINS.book1));
    });
  }
});
