import { inArray } from 'drizzle-orm';
import type { IncomingEvent, InboxReceiver } from '../../core/inbox/inbox-event.js';
import type { Database } from '../client.js';
import { webhookEvents } from '../schema/index.js';
import { inboxRow } from './inbox.repository.js';

interface Waiting {
  event: IncomingEvent;
  resolve(result: { id: string; duplicate: boolean }): void;
  reject(error: unknown): void;
}

/**
 * Group commit for the inbox: events arriving while an insert is in flight wait and go together in the next multi-row
 * INSERT. Each caller still gets its answer only after its row is committed, so nothing is acknowledged before it is
 * durable — but a burst costs one commit (one WAL flush) per batch instead of one per event.
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
      .values(unique.map(({ event }) => inboxRow(event)))
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

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, maxBatch);
        try {
          await insertBatch(batch);
        } catch (error) {
          for (const waiting of batch) waiting.reject(error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  return {
    receive(event) {
      return new Promise((resolve, reject) => {
        queue.push({ event, resolve, reject });
        void flush();
      });
    },
  };
}
