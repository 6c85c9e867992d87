import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../../src/core/backoff.js';

describe('the one backoff', () => {
  const policy = { baseMs: 1_000, maxMs: 10_000 };

  it('doubles per attempt up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay({ ...policy, jitter: 'none' }, n))).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('equal jitter stays within [step/2, step]; spread within ±20 %', () => {
    expect(backoffDelay({ ...policy, jitter: 'equal' }, 3, () => 0)).toBe(2_000);
    expect(backoffDelay({ ...policy, jitter: 'equal' }, 3, () => 0.999_999)).toBe(4_000);
    expect(backoffDelay({ ...policy, jitter: 'spread' }, 3, () => 0)).toBe(3_200);
    expect(backoffDelay({ ...policy, jitter: 'spread' }, 3, () => 0.999_999)).toBe(4_800);
  });

  it('treats attempt 0 or below as the first', () => {
    expect(backoffDelay({ ...policy, jitter: 'none' }, 0)).toBe(1_000);
  });
});
