import { and, eq, inArray, lt, notInArray, sql } from 'drizzle-orm';
import type { RetentionStore } from '../../core/maintenance/retention.js';
import type { Database } from '../client.js';
import { apiCache, failedAttempts, notifications, taskRuns, webhookEvents } from '../schema/index.js';

export function createRetentionRepository(db: Database): RetentionStore {
  return {
    async deleteTaskRunsBefore(cutoff, keepNewest) {
      const newest = db.select({ id: taskRuns.id }).from(taskRuns).orderBy(sql`${taskRuns.startedAt} DESC`).limit(keepNewest);
      const rows = await db
        .delete(taskRuns)
        .where(keepNewest > 0 ? and(lt(taskRuns.startedAt, cutoff), notInArray(taskRuns.id, newest)) : lt(taskRuns.startedAt, cutoff))
        .returning({ id: taskRuns.id });
      return rows.length;
    },
    async deleteFailedAttemptsBefore(cutoff) {
      const rows = await db
        .delete(failedAttempts)
        .where(and(eq(failedAttempts.permanent, false), lt(failedAttempts.createdAt, cutoff)))
        .returning({ id: failedAttempts.id });
      return rows.length;
    },
    async deleteExpiredCache(now) {
      const rows = await db.delete(apiCache).where(lt(apiCache.expiresAt, now)).returning({ key: apiCache.cacheKey });
      return rows.length;
    },
    async deleteProcessedEventsBefore(cutoff) {
      const rows = await db
        .delete(webhookEvents)
        .where(and(inArray(webhookEvents.status, ['processed', 'ignored']), lt(webhookEvents.receivedAt, cutoff)))
        .returning({ id: webhookEvents.id });
      return rows.length;
    },
    async deleteSentNotificationsBefore(cutoff) {
      const rows = await db
        .delete(notifications)
        .where(and(eq(notifications.status, 'sent'), lt(notifications.createdAt, cutoff)))
        .returning({ id: notifications.id });
      return rows.length;
    },
  };
}
