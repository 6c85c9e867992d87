import { inArray } from 'drizzle-orm';
import type { IncomingEvent, InboxReceiver } from '../../core/inbox/inbox-event.js';
import type { Database } from '../client.js';
import { webhookEvents } from '../schema/index.js';
import { inboxRow } from './inbox.repository.js';

interface Waiting {
  event: IncomingEvent;
  row: ReturnType<typeof inboxRow>;
  resolve(result: { id: string; duplicate: boolean }): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the inbox: events arriving while an insert is in flight wait and go together in the next multi-row
 * INSERT. Each caller still gets its answer only after its row is committed, so nothing is acknowledged before it is
 * durable — but a burst costs one commit (one WAL flush) per batch instead of one per event. One bad row must not fail
 * its neighbours: an event that cannot be stored is refused before it joins a batch, and a batch that fails anyway is
 * stored again row by row, so only the callers whose own row fails get the error.
 */
export function createBatchingInboxReceiver(db: Database, opts: { maxBatch?: number } = {}): InboxReceiver {
  const maxBatch = opts.maxBatch ?? 200;
  const queue: Waiting[] = [];
  let flushing = false;

  async function insertBatch(batch: Waiting[]): Promise<void> {
    // The same delivery twice in one batch: the first is inserted, the others are its duplicates.
    const firstByKey = new Map<string, Waiting>();
    for (const waiting of batch) if (!firstByKey.has(waiting.event.deliveryKey)) firstByKey.set(waiting.event.deliveryKey, waiting);
    const unique = [...firstByKey.values()];
    const inserted = await db
      .insert(webhookEvents)
      .values(unique.map(({ row }) => row))
      .onConflictDoNothing({ target: webhookEvents.deliveryKey })
      .returning({ id: webhookEvents.id, deliveryKey: webhookEvents.deliveryKey });
    const ids = new Map(inserted.map((row) => [row.deliveryKey, row.id]));
    const existingKeys = unique.map((w) => w.event.deliveryKey).filter((key) => !ids.has(key));
    const existing = new Map<string, string>();
    if (existingKeys.length > 0) {
      const rows = await db
        .select({ id: webhookEvents.id, deliveryKey: webhookEvents.deliveryKey })
        .from(webhookEvents)
        .where(inArray(webhookEvents.deliveryKey, existingKeys));
      for (const row of rows) existing.set(row.deliveryKey, row.id);
    }
    for (const waiting of batch) {
      const key = waiting.event.deliveryKey;
      const newId = ids.get(key);
      if (newId && firstByKey.get(key) === waiting) waiting.resolve({ id: newId, duplicate: false });
      else waiting.resolve({ id: newId ?? existing.get(key)!, duplicate: true });
    }
  }

  /** A batch that failed as a whole: each delivery key on its own (in receipt order), so one bad row fails alone. */
  async function insertOneByOne(batch: Waiting[]): Promise<void> {
    const byKey = new Map<string, Waiting[]>();
    for (const waiting of batch) byKey.set(waiting.event.deliveryKey, [...(byKey.get(waiting.event.deliveryKey) ?? []), waiting]);
    for (const group of byKey.values()) {
      try {
        await insertBatch(group);
      } catch (error) {
        for (const waiting of group) waiting.reject(error);
      }
    }
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await insertBatch(batch);
        } catch (error) {
          if (batch.length === 1) batch[0]!.reject(error);
          else await insertOneByOne(batch);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    receive(event) {
      return new Promise((resolve, reject) => {
        // Refused here (UnstorableEventError), on its own, before it can take a batch down with it.
        const row = inboxRow(event);
        queue.push({ event, row, resolve, reject });
        void flush();
      });
    },
  };
}
