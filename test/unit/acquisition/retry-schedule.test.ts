import { describe, expect, it } from 'vitest';
import { afterFailure, MAX_RETRIES } from '../../../src/core/acquisition/retry-schedule.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DELAYS = [5 * MIN, 30 * MIN, 2 * HOUR, 6 * HOUR, 24 * HOUR];

/** A fake clock driven by the schedule: each retry happens exactly when it is due. */
function runToTheEnd(random: () => number) {
  let now = new Date('2026-12-04T12:00:00Z');
  let failures = 0;
  const delays: number[] = [];
  for (;;) {
    const d = afterFailure(failures, now, random);
    if (d.permanent) return { delays, failures: d.failures };
    expect(d.dueAt.getTime() - now.getTime()).toBe(d.delayMs);
    expect(d.retry).toBe(d.failures);
    delays.push(d.delayMs);
    failures = d.failures;
    now = d.dueAt;
  }
}

describe('the retry schedule', () => {
  it('uses every one of the five delays, in order, and the sixth failure is permanent', () => {
    const { delays, failures } = runToTheEnd(() => 0.5);
    expect(delays).toEqual(DELAYS);
    expect(failures).toBe(6);
    expect(MAX_RETRIES).toBe(5);
  });

  it('jitters each delay by at most ±10 %, both ways', () => {
    const low = runToTheEnd(() => 0);
    const high = runToTheEnd(() => 0.999_999_999);
    expect(low.delays).toEqual(DELAYS.map((d) => Math.round(d * 0.9)));
    high.delays.forEach((d, i) => {
      expect(d).toBeLessThanOrEqual(DELAYS[i]! * 1.1);
      expect(d).toBeGreaterThan(DELAYS[i]! * 1.0999);
    });
    let seed = 7;
    const lcg = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let run = 0; run < 200; run++) {
      const { delays } = runToTheEnd(lcg);
      delays.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual(DELAYS[i]! * 0.9);
        expect(d).toBeLessThanOrEqual(DELAYS[i]! * 1.1);
      });
    }
  });

  it('is permanent at once after a sixth failure, and refuses nonsense counters or randoms', () => {
    expect(afterFailure(5, new Date(0))).toEqual({ permanent: true, failures: 6 });
    expect(afterFailure(9, new Date(0))).toEqual({ permanent: true, failures: 10 });
    // A user's retry resets the counter: the next failure starts the schedule over.
    expect(afterFailure(0, new Date(0), () => 0.5)).toMatchObject({ permanent: false, failures: 1, delayMs: 5 * MIN });
    expect(() => afterFailure(-1, new Date(0))).toThrow(RangeError);
    expect(() => afterFailure(1.5, new Date(0))).toThrow(RangeError);
    expect(() => afterFailure(0, new Date(0), () => 1)).toThrow(RangeError);
  });
});
