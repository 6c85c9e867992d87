import { asc, eq, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWantedOperations, type WantedOperations } from '../../../src/core/acquisition/wanted-operations.js';
import { IllegalTransitionError } from '../../../src/core/acquisition/wanted-state-machine.js';
import type { NotificationEnqueuer } from '../../../src/core/notifications/outbox.port.js';
import type { Transaction } from '../../../src/db/client.js';
import { NotificationRepository } from '../../../src/db/repositories/notification.repository.js';
import { createWantedBookRepository, type WantedBookRepository } from '../../../src/db/repositories/wanted-book.repository.js';
import { downloads, failedAttempts, notifications, releaseBlocklist, releases, wantedBooks, wantedTransitions } from '../../../src/db/schema/index.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

describe('wanted-book repository on real Postgres', () => {
  let t: TestDatabase;
  let clock: FakeClock;
  let store: WantedBookRepository;
  let ops: WantedOperations;

  beforeEach(async () => {
    t = await createTestDatabase();
    clock = new FakeClock(Date.UTC(2026, 11, 4, 12, 0, 0));
    store = createWantedBookRepository(t.db, new NotificationRepository(t.db));
    ops = createWantedOperations({ store, clock, random: () => 0.5 });
  });
  afterEach(async () => t.close());

  const count = async (table: typeof notifications | typeof wantedTransitions | typeof failedAttempts | typeof releaseBlocklist) =>
    (await t.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

  async function request(title = 'The Way of Kings', extra: { asin?: string; approved?: boolean } = {}) {
    const r = await ops.request({ title, authors: ['Brandon Sanderson'], ...extra }, 'user:100');
    if (!r.ok) throw new Error(r.message);
    return r.book;
  }

  it('creates a wanted book with its creation transition, and refuses a duplicate by ASIN, ISBN or author + title key', async () => {
    const book = await request('The Way of Kings');
    expect(book).toMatchObject({ source: 'REQUEST', state: 'PENDING_APPROVAL', requestedBy: 'user:100', dedupeKey: 'title:brandon sanderson|way of kings', attempts: 0 });
    const { transitions } = await store.history(book.id);
    expect(transitions).toMatchObject([{ from: null, to: 'PENDING_APPROVAL', event: 'create', actor: 'user:100', reason: 'requested' }]);

    // "Way of Kings, The" by "Sanderson, Brandon" is the same key.
    const again = await ops.request({ title: 'Way of Kings, The', authors: ['Sanderson, Brandon'] }, 'user:200');
    expect(again).toMatchObject({ ok: false, code: 'duplicate', existing: { id: book.id }, message: expect.stringContaining(`(${book.id}), PENDING_APPROVAL`) });

    const byAsin = await request('Dune', { asin: 'b002v1a0we' });
    expect(byAsin.dedupeKey).toBe('asin:B002V1A0WE');
    expect(await ops.request({ title: 'Dune (Unabridged)', authors: ['Frank Herbert'], asin: 'B002V1A0WE' }, 'cli')).toMatchObject({ ok: false, code: 'duplicate', existing: { id: byAsin.id } });
    expect((await t.db.select().from(wantedBooks)).length).toBe(2);
    expect(await count(wantedTransitions)).toBe(2);

    // The store itself refuses a book born in the middle of the pipeline.
    await expect(
      store.create({ source: 'REQUEST', state: 'SEARCHING' as 'APPROVED', title: 'X', authors: [], dedupeKey: 'title:|x', actor: 'cli', at: clock.now() }),
    ).rejects.toThrow(/starts in PENDING_APPROVAL, UPCOMING, APPROVED, not SEARCHING/);
    // Created approved: decided at once, by whom.
    const approved = await request('Mistborn', { approved: true });
    expect(approved).toMatchObject({ state: 'APPROVED', approvedBy: 'user:100', decidedAt: clock.now() });
    expect(await ops.create({ source: 'SERIES_GAP', state: 'UPCOMING', title: 'Wind and Truth', authors: ['Brandon Sanderson'] }, 'job:series-gaps')).toMatchObject({
      ok: false,
      code: 'invalid',
      message: 'an UPCOMING book needs its release date',
    });
  });

  it('two concurrent approvals: exactly one wins, the other is told who decided and when; one transition, one notification', async () => {
    const book = await request();
    const at = clock.now();
    const attempt = (actor: string) =>
      store.transition({ id: book.id, from: 'PENDING_APPROVAL', to: 'APPROVED', event: 'approve', actor, at, changes: { approvedBy: actor }, notification: { kind: 'wanted-approved', payload: { title: `Approved by ${actor}` } } });
    const results = await Promise.all([attempt('user:alice'), attempt('user:bob')]);
    const won = results.filter((r) => r.ok);
    const lost = results.filter((r) => !r.ok);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    const winner = won[0]!.ok ? won[0]!.book.approvedBy : null;
    expect(lost[0]).toEqual({ ok: false, code: 'conflict', current: { state: 'APPROVED', actor: winner, at } });
    expect((await t.db.select().from(wantedBooks))[0]).toMatchObject({ state: 'APPROVED', approvedBy: winner });
    expect((await store.history(book.id)).transitions.map((x) => `${x.from}→${x.to} ${x.actor}`)).toEqual(['null→PENDING_APPROVAL user:100', `PENDING_APPROVAL→APPROVED ${winner}`]);
    expect(await count(notifications)).toBe(1);
  });

  it('many users approving at once through the operations: one approval, every other one answered "already APPROVED, by <winner> at <time>"', async () => {
    const book = await request();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => ops.approve(book.id, `user:${i}`)));
    const won = results.filter((r) => r.ok);
    expect(won).toHaveLength(1);
    const winner = won[0]!.ok ? won[0]!.transition.actor : '';
    for (const r of results.filter((x) => !x.ok)) {
      expect(r.ok ? '' : r.message).toMatch(new RegExp(`APPROVED, by ${winner} at 2026-12-04T12:00:00.000Z`));
    }
    expect((await store.history(book.id)).transitions).toHaveLength(2);
    const outbox = await t.db.select().from(notifications);
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ kind: 'wanted-approved', idempotencyKey: `wanted-transition:${won[0]!.ok ? won[0]!.transition.id : ''}` });
    expect((outbox[0]!.payload as { title: string }).title).toBe('Approved: The Way of Kings');
  });

  it('the transition row and the outbox row commit together: a failing enqueue rolls back both, and the state', async () => {
    const book = await request();
    const real = new NotificationRepository(t.db);
    const failing: NotificationEnqueuer<Transaction> = {
      async enqueue(input, tx) {
        await real.enqueue(input, tx); // written in the transaction …
        throw new Error('outbox down'); // … and then the transaction fails
      },
    };
    const broken = createWantedOperations({ store: createWantedBookRepository(t.db, failing), clock });
    await expect(broken.approve(book.id, 'user:1')).rejects.toThrow('outbox down');
    expect((await store.get(book.id))!.state).toBe('PENDING_APPROVAL');
    expect(await count(notifications)).toBe(0);
    expect(await count(wantedTransitions)).toBe(1); // the creation only
    // And the same move through the working repository afterwards succeeds.
    expect(await ops.approve(book.id, 'user:1')).toMatchObject({ ok: true });
    expect(await count(notifications)).toBe(1);
  });

  it('an illegal transition throws before anything is written; a stale one is a conflict, nothing overwritten', async () => {
    const book = await request();
    await expect(store.transition({ id: book.id, from: 'PENDING_APPROVAL', to: 'SEARCHING', event: 'search-start', actor: 'job:search', at: clock.now() })).rejects.toThrow(IllegalTransitionError);
    await expect(store.transition({ id: book.id, from: 'PENDING_APPROVAL', to: 'SEARCHING', event: 'approve', actor: 'job:search', at: clock.now() })).rejects.toThrow(/not to SEARCHING/);
    expect(await ops.advance(book.id, 'search-start', 'job:search-approved')).toMatchObject({ ok: false, code: 'illegal', message: expect.stringMatching(/cannot search-start "The Way of Kings": it is PENDING_APPROVAL, by user:100/) });
    expect((await store.get(book.id))!.state).toBe('PENDING_APPROVAL');
    expect(await count(wantedTransitions)).toBe(1);
    expect(await count(notifications)).toBe(0);

    await ops.reject(book.id, 'user:7', 'not an audiobook');
    // A caller that still believes the book is pending loses: the rejection stands.
    expect(await store.transition({ id: book.id, from: 'PENDING_APPROVAL', to: 'APPROVED', event: 'approve', actor: 'user:8', at: clock.now() })).toMatchObject({
      ok: false,
      code: 'conflict',
      current: { state: 'REJECTED', actor: 'user:7' },
    });
    expect(await ops.approve(book.id, 'user:8')).toMatchObject({ ok: false, code: 'illegal', message: expect.stringMatching(/it is REJECTED, by user:7 at .*REJECTED is final/) });
    expect(await ops.approve('00000000-0000-4000-8000-000000000000', 'user:8')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await ops.approve('nope', 'user:8')).toMatchObject({ ok: false, code: 'not-found' });
    expect(await ops.approve(book.id, 'somebody')).toMatchObject({ ok: false, code: 'invalid' });
    const [rejected] = await store.history(book.id).then((h) => h.transitions.slice(-1));
    expect(rejected).toMatchObject({ from: 'PENDING_APPROVAL', to: 'REJECTED', reason: 'not an audiobook', actor: 'user:7' });
  });

  it('failures follow the schedule on a fake clock: five retries at their delays, the sixth failure permanent, all recorded; a user retry resets', async () => {
    const book = await request('Dune', { approved: true });
    const delays = [5 * MIN, 30 * MIN, 2 * HOUR, 6 * HOUR, 24 * HOUR];
    for (let i = 0; i < 6; i++) {
      expect(await ops.advance(book.id, 'search-start', 'job:search-approved', { expect: 'APPROVED' })).toMatchObject({ ok: true });
      const failed = await ops.recordFailure(book.id, { stage: 'search', errorType: 'no-acceptable-release', message: `no acceptable release among 14 results (${i + 1})` }, 'job:search-approved');
      if (!failed.ok) throw new Error(failed.message);
      if (i === 5) {
        expect(failed.book).toMatchObject({ state: 'FAILED', attempts: 6, nextRetryAt: null, retryStage: 'search' });
        break;
      }
      expect(failed.book).toMatchObject({ state: 'RETRY_WAIT', attempts: i + 1, retryStage: 'search' });
      expect(failed.book.nextRetryAt!.getTime() - clock.nowMs()).toBe(delays[i]);
      expect(failed.transition).toMatchObject({ stage: 'search', dueAt: failed.book.nextRetryAt });
      // Not due a moment before its time; due at it.
      clock.advance(delays[i]! - 1);
      expect((await ops.resumeDue('job:retry-due')).resumed).toHaveLength(0);
      clock.advance(1);
      const { resumed } = await ops.resumeDue('job:retry-due');
      expect(resumed.map((r) => r.book.state)).toEqual(['APPROVED']);
    }
    const failures = await t.db.select().from(failedAttempts).orderBy(asc(failedAttempts.attempt));
    expect(failures.map((f) => [f.attempt, f.stage, f.errorType, f.permanent])).toEqual([1, 2, 3, 4, 5, 6].map((n) => [n, 'search', 'no-acceptable-release', n === 6]));
    const kinds = (await t.db.select({ kind: notifications.kind }).from(notifications).orderBy(asc(notifications.createdAt))).map((n) => n.kind);
    expect(kinds.filter((k) => k === 'wanted-failed')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'wanted-failed-permanently')).toHaveLength(1);
    expect(await ops.resumeDue('job:retry-due')).toEqual({ resumed: [], refused: [] });

    const retried = await ops.retry(book.id, 'user:5');
    expect(retried).toMatchObject({ ok: true, book: { state: 'APPROVED', attempts: 0, nextRetryAt: null } });
    await ops.advance(book.id, 'search-start', 'job:search-approved');
    expect(await ops.recordFailure(book.id, { stage: 'search', errorType: 'x', message: 'again' }, 'job:search-approved')).toMatchObject({ ok: true, book: { state: 'RETRY_WAIT', attempts: 1 } });
  });

  it('an import failure resumes at DOWNLOADED, and a failure in the wrong stage is refused', async () => {
    const book = await request('Dune', { approved: true });
    for (const event of ['search-start', 'grab', 'download-start', 'download-complete', 'import-start'] as const) expect(await ops.advance(book.id, event, 'job:pipeline')).toMatchObject({ ok: true });
    expect(await ops.recordFailure(book.id, { stage: 'search', errorType: 'x', message: 'wrong stage' }, 'job:import')).toMatchObject({ ok: false, code: 'illegal' });
    expect(await ops.recordFailure(book.id, { stage: 'import', errorType: 'disk-full', message: 'no space left' }, 'job:import')).toMatchObject({ ok: true, book: { state: 'RETRY_WAIT' } });
    clock.advance(6 * MIN);
    expect((await ops.resumeDue('job:retry-due')).resumed.map((r) => r.book.state)).toEqual(['DOWNLOADED']);
    // The library sees a copy imported meanwhile by someone else: owned. During the import itself it is not.
    await ops.advance(book.id, 'import-start', 'job:import');
    expect(await ops.markOwned(book.id, null, 'job:library-sync')).toMatchObject({ ok: false, code: 'illegal' });
  });

  it('blocklists the current release by info hash and searches again; by indexer + guid without a download; lists and shows', async () => {
    const book = await request('Dune', { approved: true });
    const [release] = await t.db.insert(releases).values({ wantedBookId: book.id, source: 'prowlarr', indexer: 'MyAnonamouse', guid: 'mam-123', title: 'Dune - Frank Herbert [M4B]', chosen: true, accepted: true }).returning();
    expect(await store.currentRelease(book.id)).toEqual({ infoHash: null, indexer: 'MyAnonamouse', guid: 'mam-123', title: 'Dune - Frank Herbert [M4B]', releaseId: release!.id });
    for (const event of ['search-start', 'grab', 'download-start'] as const) await ops.advance(book.id, event, 'job:pipeline');
    await t.db.insert(downloads).values({ wantedBookId: book.id, releaseId: release!.id, qbitHash: 'ABCDEF'.padEnd(40, '0'), name: 'Dune', state: 'downloading' });

    const r = await ops.blocklistCurrent(book.id, 'user:9', 'wrong narrator');
    expect(r).toMatchObject({ ok: true, book: { state: 'APPROVED', attempts: 0 }, release: { guid: 'mam-123' }, transition: { event: 'blocklist', from: 'DOWNLOADING', to: 'APPROVED' } });
    expect(await store.blocklist(book.id)).toMatchObject([{ key: `hash:${'abcdef'.padEnd(40, '0')}`, indexer: 'MyAnonamouse', guid: 'mam-123', reason: 'wrong narrator', actor: 'user:9' }]);
    // Again in APPROVED: recorded once, no move.
    expect(await ops.blocklistCurrent(book.id, 'user:9')).toMatchObject({ ok: true, transition: null });
    expect(await count(releaseBlocklist)).toBe(1);

    const other = await request('Children of Dune');
    expect(await ops.blocklistCurrent(other.id, 'user:9')).toMatchObject({ ok: false, code: 'invalid', message: '"Children of Dune" has no release to blocklist' });

    const page = await store.list({ states: ['APPROVED'], limit: 10, offset: 0 });
    expect(page).toMatchObject({ total: 1, items: [{ id: book.id }] });
    expect((await store.list({ limit: 1, offset: 1 })).items).toHaveLength(1);
    expect((await store.list({ limit: 10, offset: 0 })).total).toBe(2);
    const history = await store.history(book.id);
    expect(history.transitions.map((x) => x.event)).toEqual(['create', 'search-start', 'grab', 'download-start', 'blocklist']);
  });

  it('an UPCOMING book waits for approval from its release date on (UTC), and cancel/owned close a book', async () => {
    const created = await ops.create({ source: 'SERIES_GAP', state: 'UPCOMING', title: 'Wind and Truth', authors: ['Brandon Sanderson'], releaseDate: new Date('2026-12-06T00:00:00Z') }, 'job:series-gaps');
    if (!created.ok) throw new Error(created.message);
    expect((await ops.releaseDue('job:release-dates')).released).toHaveLength(0);
    clock.advance(36 * HOUR); // 2026-12-06T00:00Z
    expect((await ops.releaseDue('job:release-dates')).released.map((r) => r.book.state)).toEqual(['PENDING_APPROVAL']);
    expect(await ops.cancel(created.book.id, 'user:3', 'bought it elsewhere')).toMatchObject({ ok: true, book: { state: 'CANCELLED' } });
    expect(await ops.cancel(created.book.id, 'user:4')).toMatchObject({ ok: false, code: 'illegal', message: expect.stringMatching(/CANCELLED, by user:3/) });
    const kinds = (await t.db.select({ kind: notifications.kind }).from(notifications)).map((n) => n.kind);
    expect(kinds).toEqual(['wanted-cancelled']);

    const owned = await request('Elantris', { approved: true });
    expect(await ops.markOwned(owned.id, null, 'job:library-sync')).toMatchObject({ ok: true, book: { state: 'OWNED' } });
    expect((await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, owned.id)))[0]!.state).toBe('OWNED');
  });
});
