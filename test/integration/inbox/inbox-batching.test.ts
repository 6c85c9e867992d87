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

  it('a failed insert fails its own caller (it answers 5xx, the sender retries) and the next batch still works', async () => {
    const receiver = createBatchingInboxReceiver(t.db);
    const bad = { ...event('bad'), source: 'qbittorrent' as const, payload: { n: 1n } as unknown as Record<string, unknown> };
    await expect(receiver.receive(bad)).rejects.toThrow();
    await expect(receiver.receive(event('good'))).resolves.toMatchObject({ duplicate: false });
  });

  it('one bad row fails only its own caller: the rest of its batch is stored, in receipt order', async () => {
    const receiver = createBatchingInboxReceiver(t.db, { maxBatch: 50 });
    // A payload the driver cannot serialise fails the multi-row INSERT as a whole, as a row Postgres rejects does.
    const bad = { ...event('bad'), payload: { n: 1n } as unknown as Record<string, unknown> };
    const keys = Array.from({ length: 40 }, (_, i) => `g${i}`);
    const results = await Promise.allSettled([
      ...keys.slice(0, 20).map((k) => receiver.receive(event(k))),
      receiver.receive(bad),
      ...keys.slice(20).map((k) => receiver.receive(event(k))),
      receiver.receive(event('g3')),
    ]);
    expect(results.map((r) => r.status)).toEqual([...Array(20).fill('fulfilled'), 'rejected', ...Array(21).fill('fulfilled')]);
    expect(results.at(-1)).toMatchObject({ value: { duplicate: true } });
    const rows = await t.db.select().from(webhookEvents);
    expect(rows.map((r) => r.deliveryKey).sort()).toEqual([...keys].sort());
    const ordered = [...rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
    expect(ordered.map((r) => r.deliveryKey)).toEqual(keys);
  });

  it('refuses text Postgres cannot store (NUL, unpaired surrogate) by its field, before it joins a batch', async () => {
    const receiver = createBatchingInboxReceiver(t.db);
    const answers = await Promise.allSettled([
      receiver.receive(event('a')),
      receiver.receive({ ...event('nul'), payload: { name: 'Du\u0000ne' } }),
      receiver.receive({ ...event('surrogate'), orderingKey: 'torrent:\ud800' }),
      receiver.receive(event('b')),
    ]);
    expect(answers.map((a) => a.status)).toEqual(['fulfilled', 'rejected', 'rejected', 'fulfilled']);
    expect(String((answers[1] as PromiseRejectedResult).reason)).toMatch(/payload\.name contains a NUL/);
    expect(String((answers[2] as PromiseRejectedResult).reason)).toMatch(/orderingKey contains an unpaired UTF-16 surrogate/);
    expect((await t.db.select().from(webhookEvents)).map((r) => r.deliveryKey).sort()).toEqual(['a', 'b']);
  });

  it('stores payload URLs with their credentials masked (a tracker passkey in %T)', async () => {
    const receiver = createBatchingInboxReceiver(t.db);
    await receiver.receive({ ...event('t'), payload: { tracker: 'https://t.myanonamouse.net/tracker.php/0123456789abcdef0123/announce', name: 'Dune' } });
    const [row] = await t.db.select().from(webhookEvents);
    expect(row!.payload).toEqual({ tracker: 'https://t.myanonamouse.net/tracker.php/***/announce', name: 'Dune' });
  });
});
