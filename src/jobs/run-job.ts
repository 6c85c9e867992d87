import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { runRecordedTask, type TaskOutcome, type TaskRunStore } from '../core/tasks/task-runner.js';
import type { JobDefinition } from './job-definition.js';

export interface JobRunDeps {
  taskRuns: TaskRunStore;
  clock: Clock;
  logger: Logger;
}

/** Runs one job: data validated, a task_run recorded, outcome logged once. Used by the job store and by `cli jobs run`. */
export async function runJob<D>(
  definition: JobDefinition<D>,
  rawData: unknown,
  deps: JobRunDeps,
  control: { touch?: () => Promise<void>; signal?: AbortSignal } = {},
): Promise<TaskOutcome & { taskRunId: string }> {
  const touch = control.touch ?? (async () => {});
  const signal = control.signal ?? new AbortController().signal;
  const logger = deps.logger.child({ job: definition.name });
  const parsed = definition.data.safeParse(rawData ?? {});
  if (!parsed.success) {
    throw new Error(`Invalid data for job ${definition.name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join(', ')}`);
  }
  const started = Date.now();
  try {
    const outcome = await runRecordedTask({ store: deps.taskRuns, clock: deps.clock }, definition.name, (taskRunId) =>
      definition.run({ data: parsed.data, logger: logger.child({ taskRunId }), taskRunId, touch, signal }),
    );
    logger.info({ durationMs: Date.now() - started, processed: outcome.processed, created: outcome.created }, 'job succeeded');
    return outcome;
  } catch (error) {
    logger.error({ err: error, durationMs: Date.now() - started }, 'job failed');
    throw error;
  }
}
