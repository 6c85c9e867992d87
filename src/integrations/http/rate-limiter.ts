import type { BudgetStore } from './budget-store.js';
import { MemoryBudgetStore } from './budget-store.js';
import type { WaitingClock as Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { IntegrationError } from './errors.js';

export interface RateWindow {
  /** Label used in errors and budget keys: 'minute', 'day', 'run'… */
  name: string;
  limit: number;
  /** Window length in ms; `Infinity` makes a budget for the lifetime of the limiter (MAM's "50 per run"). */
  windowMs: number;
  /**
   * Count this window in the BudgetStore as a fixed calendar window (epoch-aligned), so it survives restarts and is
   * shared by every process. Non-persistent windows are sliding logs kept in memory: exact, never bursting over.
   */
  persistent?: boolean;
}

export interface RateLimiterOptions {
  service: string;
  windows: readonly RateWindow[];
  clock?: Clock;
  store?: BudgetStore;
  /** Waits longer than this fail fast with `budget_exhausted` (and `retryAfterMs`) instead of blocking a worker. */
  maxWaitMs?: number;
}

export interface RateLimiter {
  /** Resolves when `cost` requests may be sent now without exceeding any window; they are counted as sent. */
  acquire(cost?: number): Promise<void>;
  /** Holds every caller back for `ms` (after a 429 the upstream's own window is the one that matters). */
  pause(ms: number): void;
}

interface Log {
  window: RateWindow;
  stamps: number[];
}

/**
 * A multi-window limiter. Callers are served one at a time in arrival order (a promise chain), so concurrent callers
 * cannot race past a window: each grant is computed against every grant before it.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const clock = options.clock ?? systemClock;
  const store = options.store ?? new MemoryBudgetStore();
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const logs: Log[] = options.windows.filter((w) => !w.persistent).map((window) => ({ window, stamps: [] }));
  const persistent = options.windows.filter((w) => w.persistent && Number.isFinite(w.windowMs));
  let pausedUntil = 0;
  let queue: Promise<unknown> = Promise.resolve();

  const exhausted = (window: RateWindow, retryAfterMs: number | undefined, cost: number): IntegrationError =>
    new IntegrationError({
      service: options.service,
      operation: 'rate-limit',
      code: 'budget_exhausted',
      message: `request budget exhausted (${window.limit} per ${window.name}${cost > 1 ? `, needed ${cost}` : ''})`,
      retryable: retryAfterMs !== undefined,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });

  /** How long until `cost` more fit into this sliding window (0 = now), or undefined when they never will. */
  const waitFor = (log: Log, now: number, cost: number): number | undefined => {
    const { window, stamps } = log;
    while (stamps.length > 0 && (stamps[0] as number) <= now - window.windowMs) stamps.shift();
    const excess = stamps.length + cost - window.limit;
    if (excess <= 0) return 0;
    if (!Number.isFinite(window.windowMs) || cost > window.limit) return undefined;
    return (stamps[excess - 1] as number) + window.windowMs - now;
  };

  const grant = async (cost: number): Promise<void> => {
    for (;;) {
      const now = clock.now().getTime();
      let wait = Math.max(0, pausedUntil - now);
      for (const log of logs) {
        const w = waitFor(log, now, cost);
        if (w === undefined) throw exhausted(log.window, undefined, cost);
        if (w > maxWaitMs) throw exhausted(log.window, w, cost);
        wait = Math.max(wait, w);
      }
      if (wait > maxWaitMs) throw exhausted({ name: 'pause', limit: 0, windowMs: wait }, wait, cost);
      if (wait > 0) {
        await clock.sleep(wait);
        continue;
      }
      for (const window of persistent) {
        const index = Math.floor(now / window.windowMs);
        const ok = await store.tryConsume(options.service, windowKey(window, index), window.limit, cost);
        if (!ok) throw exhausted(window, (index + 1) * window.windowMs - now, cost);
      }
      for (const log of logs) for (let i = 0; i < cost; i += 1) log.stamps.push(now);
      return;
    }
  };

  return {
    acquire(cost = 1) {
      const turn = queue.then(() => grant(cost));
      queue = turn.catch(() => undefined);
      return turn;
    },
    pause(ms) {
      pausedUntil = Math.max(pausedUntil, clock.now().getTime() + ms);
    },
  };
}

/** A readable key of a fixed window: "day:2026-11-21", "hour:2026-11-21T14:00". */
function windowKey(window: RateWindow, index: number): string {
  const iso = new Date(index * window.windowMs).toISOString();
  const start = iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace(/:00\.000Z$/, '').replace(/\.000Z$/, '');
  return `${window.name}:${start}`;
}
