import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createHttpClient, type HttpClientOptions } from '../../../src/integrations/http/http-client.js';
import { IntegrationError } from '../../../src/integrations/http/errors.js';
import { MemoryResponseCache } from '../../../src/integrations/http/response-cache.js';
import { userAgent } from '../../../src/integrations/http/user-agent.js';
import { startHttpFake, type FakeServer } from '../../fakes/http-fake.js';
import { FakeClock } from './fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';

const API_KEY = 'k3y-SECRET-value-123';
const Book = z.object({ id: z.number(), title: z.string() });

let fake: FakeServer;
let calls = 0;

beforeAll(async () => {
  fake = await startHttpFake((app) => {
    app.get('/api/book/:id', (req, res) => {
      calls += 1;
      if (req.params.id === '404') return res.status(404).json({ error: { message: 'no such book' } });
      res.json({ id: Number(req.params.id), title: `Book ${req.params.id}`, extra: 'ignored' });
    });
    app.post('/api/book', (_req, res) => res.status(201).json({ id: 9, title: 'created' }));
    app.get('/api/slow', (_req, res) => setTimeout(() => res.json({ id: 1, title: 'slow' }), 150));
    app.get('/api/text', (_req, res) => res.type('text/plain').send('Ok.'));
  });
});
afterAll(() => fake.close());
afterEach(() => {
  fake.faults.clear();
  fake.requests.length = 0;
  calls = 0;
});

function client(extra: Partial<HttpClientOptions> = {}) {
  const clock = new FakeClock();
  const logs = captureLogs();
  const http = createHttpClient({
    service: 'test',
    baseUrl: `${fake.url}/`,
    timeoutMs: 1_000,
    logger: logs.logger,
    clock,
    secrets: [API_KEY],
    retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 30_000 },
    ...extra,
  });
  return { http, clock, logs };
}

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as IntegrationError);

describe('http client', () => {
  it('validates the body, keeps only schema fields and identifies itself', async () => {
    const { http } = client();
    const book = await http.request({ operation: 'getBook', url: '/api/book/7', schema: Book });
    expect(book).toEqual({ id: 7, title: 'Book 7' });
    expect(fake.requests[0]?.headers['user-agent']).toBe(userAgent());
    expect(userAgent()).toMatch(/^shelfkeeper\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\/shelfkeeper\/shelfkeeper\)$/);
  });

  it('rejects a base URL that is not http(s) with invalid_config', () => {
    expect(() => client({ baseUrl: 'ftp://example.org' })).toThrow(/http or https/);
    expect(() => client({ baseUrl: 'not a url' })).toThrow(IntegrationError);
  });

  it('retries an idempotent call on 5xx with backoff and then succeeds', async () => {
    const { http, clock } = client();
    fake.faults.set({ mode: 'server_error', times: 2 });
    const book = await http.request({ operation: 'getBook', url: 'api/book/3', schema: Book });
    expect(book.title).toBe('Book 3');
    expect(fake.requests).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps[1]!).toBeGreaterThanOrEqual(100); // second backoff ceiling is 200 ms, jittered into [100, 200]
  });

  it('does not retry a non-idempotent POST on 5xx and reports server_error, not "not found"', async () => {
    const { http } = client();
    fake.faults.set('server_error');
    const error = await errorOf(http.request({ operation: 'create', method: 'POST', url: 'api/book', data: {}, schema: Book }));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error?.code).toBe('server_error');
    expect(error?.status).toBe(500);
    expect(error?.retryable).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });

  it('waits what Retry-After says on 429 (seconds) and then succeeds', async () => {
    const { http, clock } = client();
    fake.faults.set({ mode: 'rate_limited', times: 1, retryAfter: 7 });
    await http.request({ operation: 'getBook', url: 'api/book/1', schema: Book });
    expect(clock.sleeps).toEqual([7_000]);
  });

  it('understands Retry-After as an HTTP date', async () => {
    const { http, clock } = client();
    fake.faults.set({ mode: 'rate_limited', times: 1, retryAfter: new Date(clock.nowMs() + 12_000).toUTCString() });
    await http.request({ operation: 'getBook', url: 'api/book/1', schema: Book });
    expect(clock.sleeps[0]).toBeGreaterThan(10_000);
    expect(clock.sleeps[0]).toBeLessThanOrEqual(12_000);
  });

  it('gives up on a 429 asking for longer than the cap, reporting rate_limited with the wait', async () => {
    const { http, clock } = client();
    fake.faults.set({ mode: 'rate_limited', retryAfter: 3_600 });
    const error = await errorOf(http.request({ operation: 'getBook', url: 'api/book/1', schema: Book }));
    expect(error?.code).toBe('rate_limited');
    expect(error?.retryAfterMs).toBe(3_600_000);
    expect(clock.sleeps).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });

  it('reports a timeout as timeout after its retries', async () => {
    const { http } = client({ timeoutMs: 80 });
    fake.faults.set('timeout');
    const error = await errorOf(http.request({ operation: 'getBook', url: 'api/book/1', schema: Book }));
    expect(error?.code).toBe('timeout');
    expect(error?.retryable).toBe(true);
    expect(fake.requests).toHaveLength(3);
  });

  it('reports malformed JSON and a drifted shape as invalid_response', async () => {
    const { http } = client();
    fake.faults.set('malformed_json');
    expect((await errorOf(http.request({ operation: 'getBook', url: 'api/book/1', schema: Book })))?.code).toBe('invalid_response');
    fake.faults.set('drifted');
    const drifted = await errorOf(http.request({ operation: 'getBook', url: 'api/book/1', schema: Book }));
    expect(drifted?.code).toBe('invalid_response');
    expect(drifted?.message).toMatch(/unexpected response shape \(id: .*title/);
  });

  it('maps 404 to not_found and keeps the upstream message', async () => {
    const { http } = client();
    const error = await errorOf(http.request({ operation: 'getBook', url: 'api/book/404', schema: Book }));
    expect(error?.code).toBe('not_found');
    expect(error?.message).toContain('no such book');
  });

  it('reports a closed port as a network error', async () => {
    const { http } = client({ baseUrl: 'http://127.0.0.1:1/', retry: { maxAttempts: 1 } });
    const error = await errorOf(http.request({ operation: 'ping', url: 'x' }));
    expect(error?.code).toBe('network');
    expect(error?.message).toContain('connection refused');
  });

  it('returns text and status when asked', async () => {
    const { http } = client();
    const res = await http.send({ operation: 'text', url: 'api/text', responseType: 'text' });
    expect(res.data).toBe('Ok.');
    expect(res.status).toBe(200);
  });

  it('latency within the timeout is just latency', async () => {
    const { http } = client();
    fake.faults.set({ mode: 'latency', latencyMs: 50 });
    await expect(http.request({ operation: 'getBook', url: 'api/book/2', schema: Book })).resolves.toEqual({ id: 2, title: 'Book 2' });
  });
});

describe('http client cache', () => {
  it('serves a second call within the TTL without a request, refreshes on force, expires after the TTL', async () => {
    const clock = new FakeClock();
    const cache = new MemoryResponseCache(clock);
    const { http } = client({ cache, cacheTtlMs: 60_000, clock });
    const req = { operation: 'getBook', url: 'api/book/5', schema: Book, cacheKey: 'book:5' } as const;
    await http.request(req);
    const second = await http.send(req);
    expect(second.fromCache).toBe(true);
    expect(second.data).toEqual({ id: 5, title: 'Book 5' });
    expect(calls).toBe(1);
    await http.request({ ...req, forceRefresh: true });
    expect(calls).toBe(2);
    clock.advance(61_000);
    await http.request(req);
    expect(calls).toBe(3);
  });

  it('does not cache errors', async () => {
    const cache = new MemoryResponseCache();
    const { http } = client({ cache, cacheTtlMs: 60_000, retry: { maxAttempts: 1 } });
    fake.faults.set({ mode: 'server_error', times: 1 });
    const req = { operation: 'getBook', url: 'api/book/6', schema: Book, cacheKey: 'book:6' } as const;
    expect((await errorOf(http.request(req)))?.code).toBe('server_error');
    await expect(http.request(req)).resolves.toEqual({ id: 6, title: 'Book 6' });
    expect(fake.requests).toHaveLength(2);
  });

  it('shares one upstream call among concurrent identical requests', async () => {
    const { http } = client({ cache: new MemoryResponseCache(), cacheTtlMs: 60_000 });
    const req = { operation: 'slow', url: 'api/slow', schema: Book, cacheKey: 'slow' } as const;
    const results = await Promise.all(Array.from({ length: 5 }, () => http.request(req)));
    expect(results.every((r) => r.title === 'slow')).toBe(true);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('masked logging', () => {
  it('never writes a secret into a log line or an error message', async () => {
    const { http, logs } = client({ headers: { Authorization: `Bearer ${API_KEY}` } });
    fake.faults.set({ mode: 'server_error' });
    const error = await errorOf(
      http.request({ operation: 'getBook', url: 'api/book/1', params: { apikey: API_KEY, q: 'x' }, schema: Book }),
    );
    fake.faults.clear();
    await http.request({ operation: 'dl', url: `api/book/2`, params: { mam_id: 'abcdefMAMID', key: API_KEY } });
    const all = `${logs.text()}\n${error?.message}\n${JSON.stringify(error)}`;
    expect(logs.lines.length).toBeGreaterThanOrEqual(4);
    expect(all).not.toContain(API_KEY);
    expect(all).not.toContain('abcdefMAMID');
    expect(all).toContain('apikey=***');
  });
});
