import { desc, eq } from 'drizzle-orm';
import type { TaskRunRecord, TaskRunStore } from '../../core/tasks/task-runner.js';
import type { Database } from '../client.js';
import { taskRuns } from '../schema/index.js';

export function createTaskRunRepository(db: Database): TaskRunStore {
  return {
    async start(job, startedAt) {
      const [row] = await db.insert(taskRuns).values({ job, startedAt, status: 'running' }).returning({ id: taskRuns.id });
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
  };
}
