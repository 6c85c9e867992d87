/** Time as a dependency, so retention, retries and schedules are tested with a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
