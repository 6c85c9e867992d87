import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchingInboxReceiver } from '../../../src/db/repositories/inbox-batching.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const event = (key: string, ordering = 'o') => ({ source: 'qbittorrent' as const, deliveryKey: key, eventType: 'torrent_finished', orderingKey: ordering, payload: { key } });

describe('batching inbox receiver (group commit)', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  it('answers each of a burst only once its row is stored; duplicates inside and across batches are recognised', async () => {
    await createInboxRepository(t.db).receive(event('old'));
    const receiver = createBatchingInboxReceiver(t.db, { maxBatch: 7 });
    const keys = [...Array.from({ length: 30 }, (_, i) => `k${i}`), 'k3', 'old', 'k29'];
    const answers = await Promise.all(keys.map((k) => receiver.receive(event(k))));
    const rows = await t.db.select().from(webhookEvents);
    expect(rows).toHaveLength(31);
    const idByKey = new Map(rows.map((r) => [r.deliveryKey, r.id]));
    answers.forEach((answer, i) => expect(answer.id).toBe(idByKey.get(keys[i]!)));
    expect(answers.filter((a) => !a.duplicate)).toHaveLength(30);
    expect(answers.slice(30).every((a) => a.duplicate)).toBe(true);
    // Receipt order is kept: k0 … k29 were stored in the order they arrived.
    const ordered = rows.filter((r) => r.deliveryKey !== 'old').sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || 0);
    expect(ordered.map((r) => r.deliveryKey)).toEqual(Array.from({ length: 30 }, (_, i) => `k${i}`));
  });

  it('a failed insert fails the callers of that batch (they answer 5xx, the sender retries) and the next batch still works', async () => {
    const receiver = createBatchingInboxReceiver(t.db);
    const bad = { ...event('bad'), source: 'qbittorrent' as const, payload: { n: 1n } as unknown as Record<string, unknown> };
    await expect(receiver.receive(bad)).rejects.toThrow();
    await expect(receiver.receive(event('good'))).resolves.toMatchObject({ duplicate: false });
  });
});
