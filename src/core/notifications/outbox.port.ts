import { z } from 'zod';

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

/** What the notifier needs from the outbox; src/db/repositories/notification.repository.ts implements it on Postgres. */
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

/**
 * What a workflow needs to queue a notification. `Tx` is the storage's unit of work: passing the transaction of the
 * change being reported makes the notification and the change commit together (or neither).
 */
export interface NotificationEnqueuer<Tx = unknown> {
  enqueue(input: EnqueueInput, tx?: Tx): Promise<{ created: boolean }>;
}
