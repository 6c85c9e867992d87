import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { NotificationRepository } from '../../../src/db/repositories/notification.repository.js';
import { createDatabase } from '../../../src/db/client.js';
import { notifications } from '../../../src/db/schema/index.js';
import { type TestDatabase, createTestDatabase } from '../../helpers/db.js';
import pino from 'pino';

const CLAIM = { limit: 10, leaseMs: 60_000, settleMs: 0 };
const note = (title: string) => ({ title });

describe('notification outbox repository (real Postgres)', () => {
  let tdb: TestDatabase;
  let repo: NotificationRepository;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    repo = new NotificationRepository(tdb.db);
  });
  afterAll(async () => tdb.close());
  beforeEach(async () => {
    await tdb.db.delete(notifications);
  });

  it('enqueues once per idempotency key', async () => {
    expect(await repo.enqueue({ kind: 'download.completed', payload: note('Dune'), idempotencyKey: 'dl:1' })).toEqual({ created: true });
    expect(await repo.enqueue({ kind: 'download.completed', payload: note('Dune again'), idempotencyKey: 'dl:1' })).toEqual({ created: false });
    const rows = await tdb.db.select().from(notifications);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.payload).toEqual({ title: 'Dune' });
  });

  it('rejects a payload the bot could not render, at enqueue time', async () => {
    await expect(repo.enqueue({ kind: 'x', payload: { title: '' }, idempotencyKey: 'bad' })).rejects.toThrow();
  });

  it('claims in the order enqueued, even within one transaction, and marks them sending', async () => {
    await tdb.db.transaction(async (tx) => {
      for (const n of [1, 2, 3, 4, 5]) await repo.enqueue({ kind: 'k', payload: note(`n${n}`), idempotencyKey: `k${n}` }, tx);
    });
    const claimed = await repo.claim(CLAIM);
    expect(claimed.map((r) => (r.payload as { title: string }).title)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    expect(claimed.every((r) => r.attempts === 1)).toBe(true);
    expect(await repo.claim(CLAIM)).toEqual([]); // all in flight
    await repo.markSent(claimed.map((r) => r.id), '123');
    expect(await repo.counts()).toMatchObject({ sent: 5, sending: 0, pending: 0 });
  });

  it('never hands one row to two concurrent claimers (separate connections)', async () => {
    for (let n = 0; n < 40; n++) await repo.enqueue({ kind: 'k', payload: note(`n${n}`), idempotencyKey: `c${n}` });
    const other = createDatabase(tdb.url, pino({ level: 'silent' }), { max: 2 });
    try {
      const repo2 = new NotificationRepository(other.db);
      const [a, b] = await Promise.all([repo.claim({ ...CLAIM, limit: 30 }), repo2.claim({ ...CLAIM, limit: 30 })]);
      const ids = [...a, ...b].map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
      // Order across processes: the second claimer gets nothing while older rows are in flight.
      expect(Math.min(a.length, b.length)).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('keeps later notifications behind one waiting for a retry, then delivers in order', async () => {
    for (const n of [1, 2, 3]) await repo.enqueue({ kind: 'k', payload: note(`n${n}`), idempotencyKey: `r${n}` });
    const [first, ...rest] = await repo.claim({ ...CLAIM, limit: 1 }).then(async (a) => [...a, ...(await repo.claim(CLAIM))]);
    expect(rest).toEqual([]);
    await repo.reschedule([first!.id], 'Discord 503', 200);
    expect(await repo.claim(CLAIM)).toEqual([]);
    await new Promise((r) => setTimeout(r, 250));
    const again = await repo.claim(CLAIM);
    expect(again.map((r) => (r.payload as { title: string }).title)).toEqual(['n1', 'n2', 'n3']);
    expect(again[0]!.attempts).toBe(2);
    const row = await repo.findByIdempotencyKey('r1');
    expect(row?.lastError).toBe('Discord 503');
  });

  it('reclaims rows whose sender died (lease expired)', async () => {
    await repo.enqueue({ kind: 'k', payload: note('n'), idempotencyKey: 'lease' });
    expect(await repo.claim({ ...CLAIM, leaseMs: 100 })).toHaveLength(1);
    expect(await repo.claim(CLAIM)).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 150));
    expect(await repo.claim(CLAIM)).toHaveLength(1);
  });

  it('holds a batch until it has settled, so the digest gets the whole batch', async () => {
    await repo.enqueue({ kind: 'discovery', payload: note('a'), idempotencyKey: 'b1', batchKey: 'run-1' });
    expect(await repo.claim({ ...CLAIM, settleMs: 300 })).toEqual([]);
    await repo.enqueue({ kind: 'discovery', payload: note('b'), idempotencyKey: 'b2', batchKey: 'run-1' });
    await new Promise((r) => setTimeout(r, 350));
    expect((await repo.claim({ ...CLAIM, settleMs: 300 })).map((r) => r.batchKey)).toEqual(['run-1', 'run-1']);
  });

  it('release returns unattempted rows without counting an attempt; failed rows stop blocking', async () => {
    await repo.enqueue({ kind: 'k', payload: note('bad'), idempotencyKey: 'f1' });
    await repo.enqueue({ kind: 'k', payload: note('good'), idempotencyKey: 'f2' });
    const [bad, good] = await repo.claim(CLAIM);
    await repo.markFailed([bad!.id], 'Discord 400 (50035): Invalid Form Body');
    await repo.release([good!.id]);
    const next = await repo.claim(CLAIM);
    expect(next.map((r) => r.idempotencyKey)).toEqual(['f2']);
    expect(next[0]!.attempts).toBe(1);
    const counts = await tdb.db.execute<{ n: number }>(sql`select count(*)::int as n from notifications where status = 'failed'`);
    expect(counts.rows[0]!.n).toBe(1);
  });
});
