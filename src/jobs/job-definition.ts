import type { Logger } from 'pino';
import type { z } from 'zod';
import type { TaskOutcome } from '../core/tasks/task-runner.js';

export type JobSchedule =
  /** A cron expression, evaluated in the given zone (UTC unless said otherwise). */
  | { cron: string; timezone?: string }
  /** A human interval understood by Agenda, e.g. "15 minutes". */
  | { every: string };

export interface JobContext<D> {
  data: D;
  logger: Logger;
  taskRunId: string;
  /** Extends the job's lock during long work (a no-op when run from the CLI). */
  touch(): Promise<void>;
  /** Aborted when the service stops: a long job checks it between units of work and ends early (its work stays consistent). */
  signal: AbortSignal;
}

/**
 * A named, typed job: registered once, its data validated, each run recorded as a task_run. Handlers stay thin and
 * call into src/core; they never know which job store runs them.
 */
export interface JobDefinition<D = unknown> {
  /** A name of the job catalogue (job-catalogue.ts) for the service's jobs. */
  name: string;
  description: string;
  schedule?: JobSchedule;
  data: z.ZodType<D>;
  options?: { concurrency?: number; lockLifetimeMs?: number };
  run(ctx: JobContext<D>): Promise<TaskOutcome>;
}

export function describeSchedule(schedule: JobSchedule | undefined): string {
  if (!schedule) return 'on demand';
  return 'cron' in schedule ? `cron "${schedule.cron}" (${schedule.timezone ?? 'UTC'})` : `every ${schedule.every}`;
}
