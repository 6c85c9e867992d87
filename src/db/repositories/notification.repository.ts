import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { notificationPayloadSchema, type EnqueueInput, type NotificationEnqueuer, type NotificationOutbox, type OutboxRow } from '../../core/notifications/outbox.port.js';
import type { Database } from '../client.js';
import { type OutboxStatus, notifications } from '../schema/index.js';

type Executor = Pick<Database, 'insert'>;

// Serialises concurrent claims so the "nothing newer than a row in flight" rule sees committed states.
const CLAIM_LOCK = 0x5e1f_0001;

export class NotificationRepository implements NotificationOutbox, NotificationEnqueuer<Executor> {
  constructor(private readonly db: Database) {}

  /**
   * Queues a notification; pass a transaction as `executor` to enqueue atomically with the change it reports.
   * Returns whether a new row was created (false: the idempotency key was already queued or sent).
   */
  async enqueue(input: EnqueueInput, executor: Executor = this.db): Promise<{ created: boolean }> {
    const payload = notificationPayloadSchema.parse(input.payload);
    const rows = await executor
      .insert(notifications)
      .values({
        kind: input.kind,
        payload,
        idempotencyKey: input.idempotencyKey,
        batchKey: input.batchKey ?? null,
        // now() is the transaction's start: several enqueues in one transaction would tie and lose their order.
        createdAt: sql`clock_timestamp()`,
        nextAttemptAt: sql`clock_timestamp()`,
      })
      .onConflictDoNothing({ target: notifications.idempotencyKey })
      .returning({ id: notifications.id });
    return { created: rows.length > 0 };
  }

  async claim(opts: { limit: number; leaseMs: number; settleMs: number }): Promise<OutboxRow[]> {
    return this.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK})`);
      const result = await tx.execute<{ id: string }>(sql`
        WITH cutoff AS (
          SELECT min(created_at) AS at FROM notifications
          WHERE (status IN ('pending', 'sending') AND next_attempt_at > now())
             OR (status = 'pending' AND batch_key IS NOT NULL
                 AND created_at > clock_timestamp() - ${opts.settleMs} * interval '1 millisecond')
        ), picked AS (
          SELECT id FROM notifications
          WHERE status IN ('pending', 'sending') AND next_attempt_at <= now()
            AND created_at < coalesce((SELECT at FROM cutoff), 'infinity'::timestamptz)
          ORDER BY created_at, id
          LIMIT ${opts.limit}
          FOR UPDATE SKIP LOCKED
        )
        UPDATE notifications n
        SET status = 'sending', attempts = n.attempts + 1, next_attempt_at = now() + ${opts.leaseMs} * interval '1 millisecond'
        FROM picked WHERE n.id = picked.id
        RETURNING n.id`);
      const ids = result.rows.map((r) => r.id);
      if (ids.length === 0) return [];
      return tx
        .select({
          id: notifications.id,
          kind: notifications.kind,
          payload: notifications.payload,
          idempotencyKey: notifications.idempotencyKey,
          batchKey: notifications.batchKey,
          attempts: notifications.attempts,
          createdAt: notifications.createdAt,
        })
        .from(notifications)
        .where(inArray(notifications.id, ids))
        .orderBy(asc(notifications.createdAt), asc(notifications.id));
    });
  }

  async markSent(ids: string[], discordMessageId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(notifications)
      .set({ status: 'sent', sentAt: sql`now()`, discordMessageId, lastError: null })
      .where(and(inArray(notifications.id, ids), eq(notifications.status, 'sending')));
  }

  async reschedule(ids: string[], error: string, delayMs: number): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(notifications)
      .set({ status: 'pending', lastError: error, nextAttemptAt: sql`now() + ${delayMs} * interval '1 millisecond'` })
      .where(and(inArray(notifications.id, ids), eq(notifications.status, 'sending')));
  }

  async markFailed(ids: string[], error: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(notifications)
      .set({ status: 'failed', lastError: error })
      .where(and(inArray(notifications.id, ids), eq(notifications.status, 'sending')));
  }

  async release(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .update(notifications)
      .set({ status: 'pending', nextAttemptAt: sql`now()`, attempts: sql`greatest(${notifications.attempts} - 1, 0)` })
      .where(and(inArray(notifications.id, ids), eq(notifications.status, 'sending')));
  }

  /** Counts by status, for /status and the CLI. */
  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .select({ status: notifications.status, n: sql<number>`count(*)::int` })
      .from(notifications)
      .groupBy(notifications.status);
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }

  async findByIdempotencyKey(key: string) {
    const [row] = await this.db.select().from(notifications).where(eq(notifications.idempotencyKey, key));
    return row;
  }
}
