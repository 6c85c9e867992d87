import type { Clock } from '../clock.js';
import type { TaskOutcome } from '../tasks/task-runner.js';

export interface RetentionPolicy {
  /** Task runs older than this many days are deleted… */
  taskRunDays: number;
  /** …except the newest this many, whatever their age. */
  taskRunMinKeep: number;
  /** Non-permanent failed attempts older than this are deleted; permanent ones are kept forever. */
  failedAttemptDays: number;
  /** Processed or ignored inbox events, and sent notifications, older than this are deleted. */
  processedEventDays: number;
}

/** Port implemented by the maintenance repository: one statement per kind of row, each returning the count removed. */
export interface RetentionStore {
  deleteTaskRunsBefore(cutoff: Date, keepNewest: number): Promise<number>;
  deleteFailedAttemptsBefore(cutoff: Date): Promise<number>;
  deleteExpiredCache(now: Date): Promise<number>;
  deleteProcessedEventsBefore(cutoff: Date): Promise<number>;
  deleteSentNotificationsBefore(cutoff: Date): Promise<number>;
}

const DAY_MS = 86_400_000;

/** The `cleanup` job's work: applies the retention settings and reports what it removed. */
export async function applyRetention(deps: { store: RetentionStore; clock: Clock }, policy: RetentionPolicy): Promise<TaskOutcome> {
  const now = deps.clock.now();
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const taskRuns = await deps.store.deleteTaskRunsBefore(before(policy.taskRunDays), policy.taskRunMinKeep);
  const failedAttempts = await deps.store.deleteFailedAttemptsBefore(before(policy.failedAttemptDays));
  const cacheEntries = await deps.store.deleteExpiredCache(now);
  const webhookEvents = await deps.store.deleteProcessedEventsBefore(before(policy.processedEventDays));
  const notifications = await deps.store.deleteSentNotificationsBefore(before(policy.processedEventDays));
  const removed = { taskRuns, failedAttempts, cacheEntries, webhookEvents, notifications };
  return { processed: Object.values(removed).reduce((a, b) => a + b, 0), details: { removed } };
}
