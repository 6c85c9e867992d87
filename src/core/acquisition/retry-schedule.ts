import { RETRY_DELAYS_MS } from './states.js';

/** ±10 % around each delay, so books that failed together do not all come back in the same minute. */
export const RETRY_JITTER = 0.1;

/** A number in [0, 1), as Math.random gives: injectable so a test decides the jitter. */
export type Random = () => number;

export type RetryDecision =
  | {
      permanent: false;
      /** Failures so far, this one included (the book's counter after it). */
      failures: number;
      /** Which retry comes next: 1 … 5. */
      retry: number;
      delayMs: number;
      dueAt: Date;
    }
  | { permanent: true; failures: number };

/**
 * What follows a failure, given the failures before it (one counter per wanted book, across stages): the first
 * attempt and five retries, after 5 min, 30 min, 2 h, 6 h and 24 h, each ±10 %; the failure of the fifth retry — the
 * sixth failure — is permanent. A user's retry resets the counter to 0.
 */
export function afterFailure(previousFailures: number, now: Date, random: Random = Math.random): RetryDecision {
  if (!Number.isInteger(previousFailures) || previousFailures < 0) throw new RangeError(`failure count must be a whole number ≥ 0, not ${previousFailures}`);
  const failures = previousFailures + 1;
  const base = RETRY_DELAYS_MS[failures - 1];
  if (base === undefined) return { permanent: true, failures };
  const r = random();
  if (!(r >= 0 && r < 1)) throw new RangeError(`random() must give a number in [0, 1), not ${r}`);
  const delayMs = Math.round(base * (1 + (2 * r - 1) * RETRY_JITTER));
  return { permanent: false, failures, retry: failures, delayMs, dueAt: new Date(now.getTime() + delayMs) };
}

/** Retries a book gets before its failures are permanent. */
export const MAX_RETRIES = RETRY_DELAYS_MS.length;
