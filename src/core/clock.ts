/**
 * The one clock of the service: time as a dependency, so retention, retries, rate windows, TTLs and schedules are
 * tested with a fake clock instead of real waiting.
 */
export interface Clock {
  now(): Date;
}

/** A clock that can also wait (HTTP retries, rate windows). */
export interface WaitingClock extends Clock {
  sleep(ms: number): Promise<void>;
}

export const systemClock: WaitingClock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};
