import { describe, expect, it } from 'vitest';
import { MemoryBudgetStore } from '../../../src/integrations/http/budget-store.js';
import { IntegrationError } from '../../../src/integrations/http/errors.js';
import { createRateLimiter, type RateWindow } from '../../../src/integrations/http/rate-limiter.js';
import { FakeClock } from './fake-clock.js';

/** Largest number of grants inside any interval of `windowMs` (sliding check over every grant). */
function maxInWindow(grants: number[], windowMs: number): number {
  const sorted = [...grants].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('rate limiter', () => {
  it('never exceeds any of several windows under many concurrent callers', async () => {
    const clock = new FakeClock();
    const windows: RateWindow[] = [
      { name: 'second', limit: 3, windowMs: 1_000 },
      { name: 'minute', limit: 20, windowMs: 60_000 },
    ];
    const limiter = createRateLimiter({ service: 'test', windows, clock, maxWaitMs: 10 * 60_000 });
    const grants: number[] = [];
    await Promise.all(
      Array.from({ length: 70 }, async () => {
        await limiter.acquire();
        grants.push(clock.nowMs());
      }),
    );
    expect(grants).toHaveLength(70);
    expect(maxInWindow(grants, 1_000)).toBeLessThanOrEqual(3);
    expect(maxInWindow(grants, 60_000)).toBeLessThanOrEqual(20);
    // And it is not needlessly slow: 70 grants at 20/min take just over three minutes, not more.
    expect(Math.max(...grants) - Math.min(...grants)).toBeLessThan(4 * 60_000);
  });

  it('counts a multi-unit cost against every window', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ service: 'hc', windows: [{ name: 'minute', limit: 10, windowMs: 60_000 }], clock, maxWaitMs: 600_000 });
    const grants: number[] = [];
    await Promise.all([5, 5, 5, 5].map(async (cost) => {
      await limiter.acquire(cost);
      grants.push(clock.nowMs());
    }));
    grants.sort((a, b) => a - b);
    expect(grants[2]! - grants[0]!).toBeGreaterThanOrEqual(60_000);
  });

  it('fails with budget_exhausted once a per-run budget is spent, without waiting', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ service: 'mam', windows: [{ name: 'run', limit: 2, windowMs: Infinity }], clock });
    await limiter.acquire();
    await limiter.acquire();
    const error = await limiter.acquire().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).code).toBe('budget_exhausted');
    expect((error as IntegrationError).retryable).toBe(false);
    expect(clock.sleeps).toEqual([]);
  });

  it('fails fast with the time to wait when a persistent daily budget is spent', async () => {
    const clock = new FakeClock(Date.UTC(2026, 7, 24, 22, 0, 0));
    const store = new MemoryBudgetStore();
    const limiter = createRateLimiter({ service: 'gb', windows: [{ name: 'day', limit: 3, windowMs: 86_400_000, persistent: true }], clock, store });
    for (let i = 0; i < 3; i += 1) await limiter.acquire();
    const error = (await limiter.acquire().catch((e: unknown) => e)) as IntegrationError;
    expect(error.code).toBe('budget_exhausted');
    expect(error.retryAfterMs).toBe(2 * 3_600_000);
    expect(await store.used('gb', 'day:2026-08-24')).toBe(3);
    // Next UTC day: the budget is fresh.
    clock.advance(2 * 3_600_000);
    await limiter.acquire();
    expect(await store.used('gb', 'day:2026-08-25')).toBe(1);
  });

  it('holds every caller back after a pause (a 429 from upstream)', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ service: 'x', windows: [{ name: 'second', limit: 100, windowMs: 1_000 }], clock });
    const start = clock.nowMs();
    limiter.pause(5_000);
    await limiter.acquire();
    expect(clock.nowMs() - start).toBe(5_000);
  });

  it('a waiting caller that would wait beyond maxWaitMs gets budget_exhausted and does not block the next', async () => {
    const clock = new FakeClock();
    const limiter = createRateLimiter({ service: 'x', windows: [{ name: 'hour', limit: 1, windowMs: 3_600_000 }], clock, maxWaitMs: 1_000 });
    await limiter.acquire();
    const error = (await limiter.acquire().catch((e: unknown) => e)) as IntegrationError;
    expect(error.code).toBe('budget_exhausted');
    expect(error.retryAfterMs).toBe(3_600_000);
    clock.advance(3_600_000);
    await expect(limiter.acquire()).resolves.toBeUndefined();
  });
});
