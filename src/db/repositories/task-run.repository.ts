import { and, desc, eq, isNull, lt, notExists, or, sql } from 'drizzle-orm';
import type { TaskRunRecord, TaskRunStore } from '../../core/tasks/task-runner.js';
import type { Database } from '../client.js';
import { taskRuns, workerHeartbeats } from '../schema/index.js';
import { PROCESS_ID } from './worker-heartbeat.repository.js';

/** A run recorded by a process that never beat (a one-shot CLI `jobs run`) is taken for gone after this long. */
const UNWATCHED_RUN_LIMIT_MS = 24 * 60 * 60_000;

export function createTaskRunRepository(db: Database) {
  return {
    async start(job: string, startedAt: Date) {
      const [row] = await db.insert(taskRuns).values({ job, startedAt, status: 'running', processId: PROCESS_ID }).returning({ id: taskRuns.id });
      return row!.id;
    },
    async finish(id, result) {
      await db
        .update(taskRuns)
        .set({
          status: result.status,
          finishedAt: result.finishedAt,
          durationMs: result.durationMs,
          processed: result.processed ?? 0,
          created: result.created ?? 0,
          error: result.error ?? null,
          details: result.details ?? {},
        })
        .where(eq(taskRuns.id, id));
    },
    async latest({ job, limit }): Promise<TaskRunRecord[]> {
      const rows = await db
        .select()
        .from(taskRuns)
        .where(job ? eq(taskRuns.job, job) : undefined)
        .orderBy(desc(taskRuns.startedAt))
        .limit(limit);
      return rows;
    },
    /**
     * Closes as `interrupted` the `running` rows whose process is gone, and only those (several processes share the
     * database): its heartbeat is older than `staleBefore`; or it never beat (a one-shot command) and the run is a day
     * old; or the row predates process ids and started before every live worker did.
     */
    async closeInterrupted(staleBefore: Date, now: Date): Promise<number> {
      const beats = (condition: ReturnType<typeof sql>) => db.select({ one: sql`1` }).from(workerHeartbeats).where(condition);
      const rows = await db
        .update(taskRuns)
        .set({ status: 'interrupted', finishedAt: now, error: 'interrupted: the process running it stopped without finishing it' })
        .where(
          and(
            eq(taskRuns.status, 'running'),
            or(
              // Its process beat, but no longer.
              and(
                sql`${taskRuns.processId} IS NOT NULL`,
                sql`EXISTS (SELECT 1 FROM ${workerHeartbeats} h WHERE h.id = ${taskRuns.processId})`,
                notExists(beats(sql`${workerHeartbeats.id} = ${taskRuns.processId} AND ${workerHeartbeats.seenAt} > ${staleBefore}`)),
              ),
              // Its process never beat: a day is longer than any job of a one-shot command.
              and(
                sql`${taskRuns.processId} IS NOT NULL`,
                sql`NOT EXISTS (SELECT 1 FROM ${workerHeartbeats} h WHERE h.id = ${taskRuns.processId})`,
                lt(taskRuns.startedAt, new Date(now.getTime() - UNWATCHED_RUN_LIMIT_MS)),
              ),
              // Recorded before process ids: older than every live worker.
              and(
                isNull(taskRuns.processId),
                sql`${taskRuns.startedAt} < (SELECT min(h.started_at) FROM ${workerHeartbeats} h WHERE h.seen_at > ${staleBefore})`,
              ),
            ),
          ),
        )
        .returning({ id: taskRuns.id });
      return rows.length;
    },
  } satisfies TaskRunStore & Record<string, unknown>;
}
