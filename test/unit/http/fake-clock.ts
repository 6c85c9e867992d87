import type { WaitingClock } from '../../../src/core/clock.js';

/**
 * A clock whose sleeps return at once and move time forward by the slept amount, recording each one.
 * The rate limiter serves callers one at a time, so time moved by one sleeper is seen consistently by all.
 */
export class FakeClock implements WaitingClock {
  readonly sleeps: number[] = [];

  constructor(private current = Date.UTC(2026, 7, 24, 10, 0, 0)) {}

  now(): Date {
    return new Date(this.current);
  }

  /** The current time in epoch milliseconds. */
  nowMs(): number {
    return this.current;
  }

  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += Math.max(0, ms);
    await Promise.resolve();
  }

  advance(ms: number): void {
    this.current += ms;
  }
}
