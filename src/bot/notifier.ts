import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { backoffDelay } from '../core/backoff.js';
import type { Logger } from 'pino';
import { type NotificationOutbox, type OutboxRow, notificationPayloadSchema } from '../core/notifications/outbox.port.js';
import { safeError } from './safe-error.js';
import { type ChannelMessageBody, type RenderItem, renderDigest, renderSingle } from './notification-render.js';

export interface NotifierOptions {
  /** How often the outbox is looked at when idle. */
  pollIntervalMs: number;
  batchSize: number;
  /** How long a claimed row is ours; after it a crashed sender's rows are claimed again (the nonce prevents a double post). */
  leaseMs: number;
  /** How long a batched notification waits for the rest of its batch before the digest goes out. */
  settleMs: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** After this many attempts a notification is marked failed (with the defaults: about 2.5 h of retrying). */
  maxAttempts: number;
}

export const DEFAULT_NOTIFIER_OPTIONS: NotifierOptions = {
  pollIntervalMs: 2_000,
  batchSize: 25,
  leaseMs: 60_000,
  settleMs: 1_500,
  retryBaseMs: 2_000,
  retryMaxMs: 10 * 60_000,
  maxAttempts: 20,
};

export interface NotifierDeps {
  outbox: NotificationOutbox;
  /** Posts to the notify channel and returns the message id (bot.ts: POST /channels/:id/messages). */
  send(body: ChannelMessageBody): Promise<{ id: string }>;
  logger: Logger;
  options?: Partial<NotifierOptions>;
}

export interface Notifier {
  start(): void;
  /** Stops polling and waits for the message being sent; claimed rows not yet attempted are released. */
  stop(): Promise<void>;
  /** Looks at the outbox now instead of at the next poll. */
  wake(): void;
}

interface Group {
  rows: OutboxRow[];
  items: RenderItem[];
}

/** Discord refused the message itself (invalid body): sending it again cannot succeed. */
const isPermanent = (err: unknown) => err instanceof DiscordAPIError && err.status === 400;

function describe(err: unknown): string {
  if (err instanceof DiscordAPIError) return `Discord ${err.status} (${err.code}): ${err.message}`;
  if (err instanceof HTTPError) return `Discord ${err.status}: ${err.message}`;
  if (err instanceof RateLimitError) return `Discord rate limit, retry after ${err.retryAfter} ms`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Delivers the outbox to the notify channel: in order, one message per notification or one digest per batch key,
 * retrying with exponential backoff (discord.js already waits out 429s and retries 5xx three times per attempt).
 */
export function createNotifier(deps: NotifierDeps): Notifier {
  const opts = { ...DEFAULT_NOTIFIER_OPTIONS, ...deps.options };
  const log = deps.logger.child({ module: 'notifier' });
  let stopped = true;
  let running: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;

  const backoff = (attempts: number, err: unknown) => {
    if (err instanceof RateLimitError) return err.retryAfter;
    return backoffDelay({ baseMs: opts.retryBaseMs, maxMs: opts.retryMaxMs, jitter: 'spread' }, attempts);
  };

  /** Parses payloads (a row that does not parse is failed at once) and groups rows of one batch key together. */
  async function groupsOf(rows: OutboxRow[]): Promise<Group[]> {
    const groups: Group[] = [];
    const byBatch = new Map<string, Group>();
    for (const row of rows) {
      const parsed = notificationPayloadSchema.safeParse(row.payload);
      if (!parsed.success) {
        log.error({ notificationId: row.id, kind: row.kind, issues: parsed.error.issues }, 'notification payload invalid; not sending it');
        await deps.outbox.markFailed([row.id], `invalid payload: ${parsed.error.message}`);
        continue;
      }
      const item: RenderItem = { kind: row.kind, payload: parsed.data, idempotencyKey: row.idempotencyKey, createdAt: row.createdAt };
      const existing = row.batchKey ? byBatch.get(`${row.kind}\u0000${row.batchKey}`) : undefined;
      if (existing) {
        existing.rows.push(row);
        existing.items.push(item);
        continue;
      }
      const group = { rows: [row], items: [item] };
      groups.push(group);
      if (row.batchKey) byBatch.set(`${row.kind}\u0000${row.batchKey}`, group);
    }
    return groups;
  }

  /** One pass over the outbox; returns whether a full batch was claimed (so more may be waiting). */
  async function pass(): Promise<boolean> {
    const rows = await deps.outbox.claim({ limit: opts.batchSize, leaseMs: opts.leaseMs, settleMs: opts.settleMs });
    if (rows.length === 0) return false;
    const groups = await groupsOf(rows);
    for (const [index, group] of groups.entries()) {
      const ids = group.rows.map((r) => r.id);
      if (stopped) {
        await deps.outbox.release(groups.slice(index).flatMap((g) => g.rows.map((r) => r.id)));
        return false;
      }
      const body = group.items.length === 1 ? renderSingle(group.items[0]!) : renderDigest(group.items);
      const attempts = Math.max(...group.rows.map((r) => r.attempts));
      const context = { notificationIds: ids, kind: group.rows[0]!.kind, attempts };
      try {
        const message = await deps.send(body);
        await deps.outbox.markSent(ids, message.id);
        log.info({ ...context, messageId: message.id, digest: ids.length > 1 }, 'notification delivered');
      } catch (err) {
        const reason = describe(err);
        if (isPermanent(err) || attempts >= opts.maxAttempts) {
          log.error({ ...context, err: safeError(err) }, 'notification not delivered; giving up');
          await deps.outbox.markFailed(ids, reason);
          continue;
        }
        const delayMs = backoff(attempts, err);
        log.warn({ ...context, reason, retryInMs: delayMs }, 'notification delivery failed; will retry');
        await deps.outbox.reschedule(ids, reason, delayMs);
        // Later notifications wait behind this one, so the channel keeps the order they were queued in.
        await deps.outbox.release(groups.slice(index + 1).flatMap((g) => g.rows.map((r) => r.id)));
        return false;
      }
    }
    return rows.length === opts.batchSize;
  }

  async function loop(): Promise<void> {
    while (!stopped) {
      let more = false;
      try {
        more = await pass();
      } catch (err) {
        log.error({ err: safeError(err) }, 'notification outbox pass failed; will try again');
      }
      if (stopped || more) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, opts.pollIntervalMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      running = loop();
    },
    async stop() {
      stopped = true;
      wakeUp?.();
      await running;
    },
    wake() {
      wakeUp?.();
    },
  };
}
