import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { eq, lt, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { webhookEvents, workerHeartbeats } from '../schema/index.js';

/** This process, as its heartbeat row and its task runs name it. */
export const PROCESS_ID = randomUUID();

export interface WorkerLiveness {
  /** Workers whose last beat is younger than the stale limit. */
  live: number;
  /** The most recent beat of any worker, or null when none has ever beaten. */
  lastHeartbeatAt: Date | null;
}

export interface InboxLag {
  pending: number;
  oldestPendingAt: Date | null;
}

export function createWorkerHeartbeatRepository(db: Database) {
  return {
    /** Records that this worker is alive (inserts its row on the first beat). */
    async beat(info: { roles: string; startedAt: Date }, now: Date): Promise<void> {
      await db
        .insert(workerHeartbeats)
        .values({ id: PROCESS_ID, hostname: os.hostname(), pid: process.pid, roles: info.roles, startedAt: info.startedAt, seenAt: now })
        .onConflictDoUpdate({ target: workerHeartbeats.id, set: { seenAt: now } });
    },
    /** A worker stopping cleanly removes its row. */
    async remove(): Promise<void> {
      await db.delete(workerHeartbeats).where(eq(workerHeartbeats.id, PROCESS_ID));
    },
    async liveness(staleBefore: Date): Promise<WorkerLiveness> {
      const [row] = await db
        .select({
          live: sql<number>`count(*) FILTER (WHERE ${workerHeartbeats.seenAt} > ${staleBefore})::int`,
          last: sql<Date | null>`max(${workerHeartbeats.seenAt})`,
        })
        .from(workerHeartbeats);
      const last = row?.last ? new Date(row.last) : null;
      return { live: row?.live ?? 0, lastHeartbeatAt: last };
    },
    /** Rows of workers gone for long (a crash leaves its row): kept a day for /status, then removed. */
    async prune(before: Date): Promise<void> {
      await db.delete(workerHeartbeats).where(lt(workerHeartbeats.seenAt, before));
    },
    /** Pending inbox events and the oldest one's receipt time (the status index: bounded by what is pending). */
    async inboxLag(): Promise<InboxLag> {
      const [row] = await db
        .select({ pending: sql<number>`count(*)::int`, oldest: sql<Date | null>`min(${webhookEvents.receivedAt})` })
        .from(webhookEvents)
        .where(eq(webhookEvents.status, 'pending'));
      return { pending: row?.pending ?? 0, oldestPendingAt: row?.oldest ? new Date(row.oldest) : null };
    },
  };
}

export type WorkerHeartbeatRepository = ReturnType<typeof createWorkerHeartbeatRepository>;
