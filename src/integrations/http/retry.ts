import { backoffDelay } from '../../core/backoff.js';

/**
 * Retry policy: exponential backoff with full jitter for idempotent calls on network errors, timeouts and 5xx;
 * a 429 waits what the server asked (Retry-After or a service-specific field) when that is within the cap, otherwise
 * the error surfaces with `retryAfterMs` so a job can reschedule instead of blocking a worker for an hour.
 */
export interface RetryPolicy {
  /** Total attempts including the first one. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest server-requested wait (429) we honour inline. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000 };

/** Delay before attempt `attempt + 1` (attempt counts from 1): random in [d/2, d] with d = base·2^(attempt-1), capped. */
export function retryDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  return backoffDelay({ baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: 'equal' }, attempt, random);
}

/** Parses Retry-After: delta-seconds or an HTTP date. Returns milliseconds from `now`, or undefined. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (Array.isArray(value)) value = value[0];
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
