import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../client.js';
import { type OutboxStatus, notifications } from '../schema/index.js';

/**
 * What a notification says. Any part of the service enqueues one; the bot renders it as an embed with buttons.
 * Validated at enqueue time so a malformed notification fails where it is made, not later in the bot.
 */
export const notificationPayloadSchema = z.object({
  title: z.string().min(1).max(256),
  description: z.string().max(4096).optional(),
  url: z.url().optional(),
  color: z.number().int().min(0).max(0xffffff).optional(),
  fields: z.array(z.object({ name: z.string().min(1), value: z.string().min(1), inline: z.boolean().optional() })).max(25).optional(),
  thumbnailUrl: z.url().optional(),
  footer: z.string().optional(),
  /** Plain text above the embed (e.g. a role mention the operator asked for). */
  content: z.string().max(2000).optional(),
  /** A button either carries a custom_id handled by the bot (`approve:<id>`) or a link. */
  buttons: z
    .array(
      z.union([
        z.object({ label: z.string().min(1).max(80), customId: z.string().min(1).max(100), style: z.enum(['primary', 'secondary', 'success', 'danger']).optional() }),
        z.object({ label: z.string().min(1).max(80), url: z.url() }),
      ]),
    )
    .max(25)
    .optional(),
  /** The line this notification contributes when several with one batch key are sent as a digest (default: title). */
  digestLine: z.string().optional(),
  /** The digest's title; `{count}` is replaced by the number of notifications in it. */
  digestTitle: z.string().optional(),
});
export type NotificationPayload = z.infer<typeof notificationPayloadSchema>;

export interface EnqueueInput {
  kind: string;
  payload: NotificationPayload;
  /** Unique per notification: a second enqueue with the same key changes nothing. */
  idempotencyKey: string;
  /** Notifications sharing a batch key that are waiting together are delivered as one digest (e.g. one discovery run). */
  batchKey?: string;
}

export interface OutboxRow {
  id: string;
  kind: string;
  payload: unknown;
  idempotencyKey: string;
  batchKey: string | null;
  attempts: number;
  createdAt: Date;
}

/** What the notifier needs from the outbox; the repository below implements it on Postgres. */
export interface NotificationOutbox {
  /**
   * Claims the oldest deliverable notifications, in order, marking them `sending` for `leaseMs` (a crashed sender's
   * rows become claimable again after it). Nothing newer than a row still in flight or waiting for a retry is returned,
   * so delivery order holds across several bot processes.
   */
  claim(opts: { limit: number; leaseMs: number; settleMs: number }): Promise<OutboxRow[]>;
  markSent(ids: string[], discordMessageId: string): Promise<void>;
  /** Back to pending after a failed attempt, due again after `delayMs`. */
  reschedule(ids: string[], error: string, delayMs: number): Promise<void>;
  /** Gives up: the notification will not be sent (invalid, refused by Discord, or out of attempts). */
  markFailed(ids: string[], error: string): Promise<void>;
  /** Returns claimed rows that were not attempted (shutdown, or behind a failure), without counting an attempt. */
  release(ids: string[]): Promise<void>;
}

type Executor = Pick<Database, 'insert'>;

// Serialises concurrent claims so the "nothing newer than a row in flight" rule sees committed states.
const CLAIM_LOCK = 0x5e1f_0001;

export class NotificationRepository implements NotificationOutbox {
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
