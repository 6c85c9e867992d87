import { eq, sql } from 'drizzle-orm';
import { backoffDelay } from '../../core/backoff.js';
import type { EventOutcome, IncomingEvent, InboxReceiver, StoredEvent } from '../../core/inbox/inbox-event.js';
import type { InboxProcessor } from '../../core/inbox/inbox-processor.port.js';
import { findUnstorableText } from '../../core/inbox/unstorable-text.js';
import { redactStoredValue } from '../../core/redaction/redact.js';
import type { Database, Transaction } from '../client.js';
import { webhookEvents } from '../schema/index.js';

/** After this many failed attempts an event is parked as `failed` (kept, visible, never silently dropped). */
export const MAX_INBOX_ATTEMPTS = 8;
/** Backoff between attempts: 5 s, 10 s, 20 s … capped at 10 min. */
const INBOX_BACKOFF = { baseMs: 5_000, maxMs: 600_000, jitter: 'none' } as const;

/** An event the inbox refuses to store (text Postgres cannot hold); nothing was written. */
export class UnstorableEventError extends Error {
  constructor(readonly field: string, problem: string) {
    super(`inbox event ${field} ${problem}`);
    this.name = 'UnstorableEventError';
  }
}

/**
 * The row of a received event: credentials in its payload's URLs masked (src/core/redaction), text Postgres cannot
 * store refused by name (UnstorableEventError) before any statement runs. clock_timestamp(), not now(): evaluated per
 * row, so receipt order holds even for events stored in one statement or transaction.
 */
export function inboxRow(event: IncomingEvent) {
  const { source, deliveryKey, eventType, orderingKey } = event;
  const bad = findUnstorableText({ source, deliveryKey, eventType, orderingKey, payload: event.payload });
  if (bad) throw new UnstorableEventError(bad.field, bad.problem);
  return {
    source,
    deliveryKey,
    eventType,
    orderingKey,
    payload: redactStoredValue(event.payload),
    receivedAt: sql`clock_timestamp()`,
  };
}

export function createInboxRepository(db: Database): InboxReceiver & InboxProcessor<Transaction> {
  return {
    async receive(event: IncomingEvent) {
      const row = inboxRow(event);
      const inserted = await db
        .insert(webhookEvents)
        .values(row)
        .onConflictDoNothing({ target: webhookEvents.deliveryKey })
        .returning({ id: webhookEvents.id });
      if (inserted[0]) return { id: inserted[0].id, duplicate: false };
      const [existing] = await db.select({ id: webhookEvents.id }).from(webhookEvents).where(eq(webhookEvents.deliveryKey, event.deliveryKey));
      return { id: existing!.id, duplicate: true };
    },

    async processNext(sources, handle) {
      if (sources.length === 0) return 'empty';
      let taken: StoredEvent | undefined;
      try {
        return await db.transaction(async (tx) => {
          const result = await tx.execute<{
            id: string;
            source: StoredEvent['source'];
            delivery_key: string;
            event_type: string;
            ordering_key: string | null;
            payload: Record<string, unknown>;
            attempts: number;
            received_at: Date | string;
          }>(sql`
            SELECT e.id, e.source, e.delivery_key, e.event_type, e.ordering_key, e.payload, e.attempts, e.received_at
            FROM webhook_events e
            WHERE e.status = 'pending' AND e.available_at <= now() AND e.source IN (${sql.join(sources.map((s) => sql`${s}`), sql`, `)})
              AND NOT EXISTS (
                SELECT 1 FROM webhook_events p
                WHERE e.ordering_key IS NOT NULL AND p.ordering_key = e.ordering_key AND p.status = 'pending'
                  AND (p.received_at, p.id) < (e.received_at, e.id))
            ORDER BY e.received_at, e.id
            LIMIT 1
            FOR UPDATE SKIP LOCKED`);
          const row = result.rows[0];
          if (!row) return 'empty' as const;
          taken = {
            id: row.id,
            source: row.source,
            deliveryKey: row.delivery_key,
            eventType: row.event_type,
            orderingKey: row.ordering_key,
            payload: row.payload,
            attempts: row.attempts,
            receivedAt: new Date(row.received_at),
          };
          const outcome = await handle(taken, tx);
          await tx
            .update(webhookEvents)
            .set({ status: outcome.status, outcome: outcome.outcome, attempts: sql`${webhookEvents.attempts} + 1`, lastError: null, processedAt: sql`now()` })
            .where(eq(webhookEvents.id, taken.id));
          return 'processed' as const;
        });
      } catch (error) {
        if (!taken) throw error; // could not even read the inbox: the job fails and is retried
        const attempts = taken.attempts + 1;
        const message = error instanceof Error ? error.message : String(error);
        await db
          .update(webhookEvents)
          .set({
            attempts,
            lastError: message.slice(0, 2000),
            status: attempts >= MAX_INBOX_ATTEMPTS ? 'failed' : 'pending',
            availableAt: sql`now() + ${backoffDelay(INBOX_BACKOFF, attempts)} * interval '1 millisecond'`,
          })
          .where(eq(webhookEvents.id, taken.id));
        return 'failed';
      }
    },

    async counts() {
      const rows = await db
        .select({ status: webhookEvents.status, n: sql<number>`count(*)::int` })
        .from(webhookEvents)
        .groupBy(webhookEvents.status);
      return Object.fromEntries(rows.map((r) => [r.status, r.n]));
    },
  };
}
