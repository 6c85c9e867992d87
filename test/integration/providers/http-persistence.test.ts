import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCacheRepository } from '../../../src/db/repositories/api-cache.repository.js';
import { RateBudgetRepository } from '../../../src/db/repositories/rate-budget.repository.js';
import { createRateLimiter } from '../../../src/integrations/http/rate-limiter.js';
import { GoogleBooksClient } from '../../../src/integrations/providers/google-books/google-books.client.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { startGoogleBooksFake, type GoogleBooksFake } from '../../fakes/providers/google-books.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';

let database: TestDatabase;
let fake: GoogleBooksFake;
beforeAll(async () => {
  database = await createTestDatabase();
  fake = await startGoogleBooksFake({ volumes: [{ id: 'V1', title: 'Project Hail Mary', authors: ['Andy Weir'], isbn13: '9780593135211' }] });
});
afterAll(async () => {
  await fake.close();
  await database.close();
});

const DAY = [{ name: 'day', limit: 5, windowMs: 86_400_000, persistent: true }];

describe('daily budgets in Postgres', () => {
  it('survive a restart: a new limiter over the same database sees the spent budget', async () => {
    const clock = new FakeClock();
    const first = createRateLimiter({ service: 'google-books', windows: DAY, clock, store: new RateBudgetRepository(database.db) });
    for (let i = 0; i < 5; i += 1) await first.acquire();
    const restarted = createRateLimiter({ service: 'google-books', windows: DAY, clock, store: new RateBudgetRepository(database.db) });
    await expect(restarted.acquire()).rejects.toMatchObject({ code: 'budget_exhausted' });
    expect(await new RateBudgetRepository(database.db).used('google-books', 'day:2026-08-24')).toBe(5);
  });

  it('are never overspent by two processes consuming concurrently', async () => {
    const clock = new FakeClock();
    const windows = [{ name: 'day', limit: 7, windowMs: 86_400_000, persistent: true }];
    const a = createRateLimiter({ service: 'shared', windows, clock, store: new RateBudgetRepository(database.db) });
    const b = createRateLimiter({ service: 'shared', windows, clock, store: new RateBudgetRepository(database.db) });
    const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire()));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(7);
  });

  it('a Google Books client over the repository stops at its budget with budget_exhausted, not "no results"', async () => {
    const store = new RateBudgetRepository(database.db);
    // Another day than the test above, whose spent google-books budget is still in the database.
    const c = new GoogleBooksClient({ baseUrl: fake.apiUrl, logger: captureLogs().logger, clock: new FakeClock(Date.UTC(2026, 8, 1)), budgetStore: store, windows: [{ name: 'day', limit: 2, windowMs: 86_400_000, persistent: true }] });
    await c.search({ title: 'hail' });
    await c.search({ title: 'mary' });
    await expect(c.search({ title: 'weir' })).rejects.toMatchObject({ code: 'budget_exhausted' });
  });
});

describe('response cache in Postgres', () => {
  it('serves a second call within the TTL without a request, counts hits, refreshes on force, expires', async () => {
    const clock = new FakeClock();
    const cache = new ApiCacheRepository(database.db, clock);
    const c = new GoogleBooksClient({ baseUrl: fake.apiUrl, logger: captureLogs().logger, clock, cache });
    const before = fake.requests.length;
    const first = await c.getByIsbn('9780593135211');
    const second = await c.getByIsbn('9780593135211');
    expect(second).toEqual(first);
    expect(fake.requests.length - before).toBe(1);
    expect(await cache.stats('google-books')).toEqual({ entries: 1, hits: 1 });
    await c.getByIsbn('9780593135211', { forceRefresh: true });
    expect(fake.requests.length - before).toBe(2);
    clock.advance(24 * 3_600_000 + 1);
    await c.getByIsbn('9780593135211');
    expect(fake.requests.length - before).toBe(3);
    // A restarted process (new repository instance) reads the same cache.
    const again = new GoogleBooksClient({ baseUrl: fake.apiUrl, logger: captureLogs().logger, clock, cache: new ApiCacheRepository(database.db, clock) });
    await again.getByIsbn('9780593135211');
    expect(fake.requests.length - before).toBe(3);
  });

  it('does not cache errors', async () => {
    const clock = new FakeClock();
    const cache = new ApiCacheRepository(database.db, clock);
    const c = new GoogleBooksClient({ baseUrl: fake.apiUrl, logger: captureLogs().logger, clock, cache, retry: { maxAttempts: 1 } });
    fake.faults.set({ mode: 'server_error', times: 1 });
    await expect(c.search({ title: 'project' })).rejects.toMatchObject({ code: 'server_error' });
    expect(await c.search({ title: 'project' })).toHaveLength(1);
    expect(await cache.get('google-books', 'volumes:10:intitle:project')).toBeDefined();
  });

  it('identical concurrent requests share one upstream call', async () => {
    const c = new GoogleBooksClient({ baseUrl: fake.apiUrl, logger: captureLogs().logger, cache: new ApiCacheRepository(database.db) });
    fake.faults.set({ mode: 'latency', latencyMs: 100 });
    const before = fake.requests.length;
    const results = await Promise.all(Array.from({ length: 6 }, () => c.search({ title: 'hail', author: 'weir' })));
    fake.faults.clear();
    expect(results.every((r) => r[0]?.providerId === 'V1')).toBe(true);
    expect(fake.requests.length - before).toBe(1);
  });
});
