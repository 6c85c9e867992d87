/**
 * The one exponential backoff of the service (HTTP retries, the Discord notifier, the inbox, the ABS socket):
 * attempt n (from 1) waits base·2^(n-1), capped at max, spread by jitter so that many waiters do not retry in step.
 * - `equal`: uniformly in [d/2, d] (never less than half the step);
 * - `spread`: uniformly in [d·0.8, d·1.2] (± 20 % around the step);
 * - `none`: exactly d (schedules a person reads, e.g. "next try in 20 s").
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  jitter: 'equal' | 'spread' | 'none';
}

export function backoffDelay(policy: BackoffPolicy, attempt: number, random: () => number = Math.random): number {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  switch (policy.jitter) {
    case 'equal':
      return Math.round(step / 2 + random() * (step / 2));
    case 'spread':
      return Math.round(step * (0.8 + random() * 0.4));
    case 'none':
      return step;
  }
}
