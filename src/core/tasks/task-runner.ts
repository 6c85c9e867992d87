import type { Clock } from '../clock.js';

/** What a task reports when it ends: counts for the task_runs row and anything worth keeping in its details. */
export interface TaskOutcome {
  processed?: number;
  created?: number;
  details?: Record<string, unknown>;
}

export interface TaskRunRecord {
  id: string;
  job: string;
  /** `interrupted`: its process stopped without finishing it (closed by a later worker). */
  status: 'running' | 'succeeded' | 'failed' | 'interrupted';
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  processed: number;
  created: number;
  error: string | null;
  details: Record<string, unknown>;
}

/** Port implemented by the task_runs repository. */
export interface TaskRunStore {
  start(job: string, startedAt: Date): Promise<string>;
  finish(id: string, result: { status: 'succeeded' | 'failed'; finishedAt: Date; durationMs: number; error?: string } & TaskOutcome): Promise<void>;
  latest(opts: { job?: string; limit: number }): Promise<TaskRunRecord[]>;
}

/**
 * Runs one task and records it: a row when it starts (so a crash leaves a visible "running" row), and its outcome,
 * duration and error when it ends. The error is rethrown, so the job store sees the failure too.
 */
export async function runRecordedTask(
  deps: { store: TaskRunStore; clock: Clock },
  job: string,
  work: (taskRunId: string) => Promise<TaskOutcome>,
): Promise<TaskOutcome & { taskRunId: string }> {
  const startedAt = deps.clock.now();
  const id = await deps.store.start(job, startedAt);
  try {
    const outcome = await work(id);
    const finishedAt = deps.clock.now();
    await deps.store.finish(id, { status: 'succeeded', finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime(), ...outcome });
    return { ...outcome, taskRunId: id };
  } catch (error) {
    const finishedAt = deps.clock.now();
    const message = error instanceof Error ? error.message : String(error);
    await deps.store.finish(id, { status: 'failed', finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime(), error: message });
    throw error;
  }
}
