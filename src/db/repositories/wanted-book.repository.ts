import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import {
  actorSchema,
  type BlocklistedRelease,
  type Decision,
  type ReleaseIdentity,
  type TransitionRequest,
  type WantedBook,
  type WantedBookStore,
  type WantedTransition,
} from '../../core/acquisition/wanted-book.port.js';
import { INITIAL_STATES } from '../../core/acquisition/states.js';
import { blocklistKey } from '../../core/acquisition/wanted-keys.js';
import { assertTransition } from '../../core/acquisition/wanted-state-machine.js';
import type { NotificationEnqueuer } from '../../core/notifications/outbox.port.js';
import type { Database, Executor, Transaction } from '../client.js';
import { downloads, failedAttempts, releaseBlocklist, releases, wantedBooks, wantedTransitions } from '../schema/index.js';

type BookRow = typeof wantedBooks.$inferSelect;
type TransitionRow = typeof wantedTransitions.$inferSelect;

export function toBook(r: BookRow): WantedBook {
  return {
    id: r.id,
    source: r.source,
    state: r.state,
    title: r.title,
    subtitle: r.subtitle,
    authors: r.authors,
    narrators: r.narrators,
    seriesName: r.seriesName,
    seriesSequence: r.seriesSequence,
    asin: r.asin,
    isbn: r.isbn,
    publishedYear: r.publishedYear,
    durationSeconds: r.durationSeconds,
    language: r.language,
    coverUrl: r.coverUrl,
    evidence: r.evidence,
    releaseDate: r.releaseDate,
    requestedBy: r.requestedBy,
    approvedBy: r.approvedBy,
    decidedAt: r.decidedAt,
    dedupeKey: r.dedupeKey,
    ownedBookId: r.ownedBookId,
    attempts: r.attempts,
    nextRetryAt: r.nextRetryAt,
    retryStage: r.retryStage,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

function toTransition(r: TransitionRow): WantedTransition {
  return {
    id: r.id,
    wantedBookId: r.wantedBookId,
    from: r.fromState,
    to: r.toState,
    event: r.event as WantedTransition['event'],
    actor: r.actor,
    reason: r.reason,
    stage: r.stage,
    dueAt: r.dueAt,
    at: r.at,
  };
}

async function insertBlocklist(executor: Database | Transaction, wantedBookId: string, release: ReleaseIdentity, actor: string, at: Date, reason: string | null) {
  const key = blocklistKey(release);
  if (!key) throw new RangeError('a release is blocklisted by its info hash, or its indexer and guid; this one has neither');
  const rows = await executor
    .insert(releaseBlocklist)
    .values({
      wantedBookId,
      key,
      infoHash: release.infoHash?.toLowerCase() ?? null,
      indexer: release.indexer ?? null,
      guid: release.guid ?? null,
      title: release.title ?? null,
      releaseId: release.releaseId ?? null,
      reason,
      actor,
      createdAt: at,
    })
    .onConflictDoNothing({ target: [releaseBlocklist.wantedBookId, releaseBlocklist.key] })
    .returning({ id: releaseBlocklist.id });
  return { created: rows.length > 0 };
}

/**
 * The wanted books (table wanted_books), and the only code that writes them. Every move is a compare-and-set
 * `UPDATE … WHERE id = $1 AND state = <from>` that, in the same transaction, appends its wanted_transitions row, its
 * failed attempt or blocklist entry, and the outbox notification (one idempotency key per transition). A lost race
 * (no row updated) writes nothing and says who moved the book first; a move the table forbids throws before any write.
 */
/** `db` may be a transaction (an inbox event's): its moves then commit with the event (each in a savepoint). */
export function createWantedBookRepository(db: Executor, outbox: NotificationEnqueuer<Transaction>): WantedBookStore {
  async function decisionOf(executor: Database | Transaction, id: string): Promise<Decision | null> {
    const [current] = await executor.select({ state: wantedBooks.state, updatedAt: wantedBooks.updatedAt }).from(wantedBooks).where(eq(wantedBooks.id, id));
    if (!current) return null;
    const [last] = await executor
      .select({ to: wantedTransitions.toState, actor: wantedTransitions.actor, at: wantedTransitions.at })
      .from(wantedTransitions)
      .where(eq(wantedTransitions.wantedBookId, id))
      .orderBy(desc(wantedTransitions.seq))
      .limit(1);
    return last && last.to === current.state ? { state: current.state, actor: last.actor, at: last.at } : { state: current.state, actor: null, at: current.updatedAt };
  }

  return {
    async create(input) {
      actorSchema.parse(input.actor);
      if (!(INITIAL_STATES as readonly string[]).includes(input.state)) throw new RangeError(`a wanted book starts in ${INITIAL_STATES.join(', ')}, not ${input.state}`);
      const { actor, at, reason, ...book } = input;
      return db.transaction(async (tx) => {
        const [row] = await tx
          .insert(wantedBooks)
          .values({
            source: book.source,
            state: book.state,
            title: book.title,
            subtitle: book.subtitle ?? null,
            authors: book.authors,
            narrators: book.narrators ?? [],
            seriesName: book.seriesName ?? null,
            seriesSequence: book.seriesSequence ?? null,
            asin: book.asin ?? null,
            isbn: book.isbn ?? null,
            publishedYear: book.publishedYear ?? null,
            releaseDate: book.releaseDate ?? null,
            durationSeconds: book.durationSeconds ?? null,
            language: book.language ?? null,
            coverUrl: book.coverUrl ?? null,
            evidence: book.evidence ?? {},
            requestedBy: book.requestedBy ?? null,
            approvedBy: book.approvedBy ?? null,
            decidedAt: book.state === 'APPROVED' ? at : null,
            dedupeKey: book.dedupeKey,
            createdAt: at,
            updatedAt: at,
          })
          .onConflictDoNothing({ target: wantedBooks.dedupeKey })
          .returning();
        if (!row) {
          const [existing] = await tx.select().from(wantedBooks).where(eq(wantedBooks.dedupeKey, book.dedupeKey));
          if (!existing) throw new Error(`wanted book ${book.dedupeKey} neither inserted nor found`);
          return { ok: false as const, code: 'duplicate' as const, existing: toBook(existing) };
        }
        await tx.insert(wantedTransitions).values({ wantedBookId: row.id, fromState: null, toState: row.state, event: 'create', actor, reason: reason ?? null, at });
        return { ok: true as const, book: toBook(row) };
      });
    },

    async transition(req: TransitionRequest) {
      // Before anything is written: the table decides, whatever the caller thought.
      assertTransition(req.from, req.to, req.event, req.stage);
      actorSchema.parse(req.actor);
      return db.transaction(async (tx) => {
        const [row] = await tx
          .update(wantedBooks)
          .set({ state: req.to, updatedAt: req.at, ...req.changes })
          .where(and(eq(wantedBooks.id, req.id), eq(wantedBooks.state, req.from)))
          .returning();
        if (!row) {
          // Read committed: a concurrent mover's commit (the one this update waited for) is visible here.
          const current = await decisionOf(tx, req.id);
          return current ? { ok: false as const, code: 'conflict' as const, current } : { ok: false as const, code: 'not-found' as const };
        }
        const [t] = await tx
          .insert(wantedTransitions)
          .values({
            wantedBookId: row.id,
            fromState: req.from,
            toState: req.to,
            event: req.event,
            actor: req.actor,
            reason: req.reason ?? null,
            stage: req.to === 'RETRY_WAIT' || req.to === 'FAILED' ? (req.stage ?? null) : null,
            dueAt: req.to === 'RETRY_WAIT' ? (req.dueAt ?? null) : null,
            at: req.at,
          })
          .returning();
        if (req.failure) {
          await tx.insert(failedAttempts).values({
            wantedBookId: row.id,
            downloadId: req.failure.downloadId ?? null,
            stage: req.failure.stage,
            attempt: req.failure.attempt,
            errorType: req.failure.errorType,
            error: req.failure.message,
            permanent: req.failure.permanent,
            createdAt: req.at,
          });
        }
        if (req.blocklist) await insertBlocklist(tx, row.id, req.blocklist, req.actor, req.at, req.reason ?? null);
        if (req.notification) await outbox.enqueue({ kind: req.notification.kind, payload: req.notification.payload, idempotencyKey: `wanted-transition:${t!.id}` }, tx);
        return { ok: true as const, book: toBook(row), transition: toTransition(t!) };
      });
    },

    async get(id) {
      const [row] = await db.select().from(wantedBooks).where(eq(wantedBooks.id, id));
      return row ? toBook(row) : null;
    },

    async list({ states, limit, offset }) {
      const where = states && states.length > 0 ? inArray(wantedBooks.state, states) : undefined;
      const [rows, [total]] = await Promise.all([
        db.select().from(wantedBooks).where(where).orderBy(desc(wantedBooks.createdAt), asc(wantedBooks.id)).limit(limit).offset(offset),
        db.select({ n: count() }).from(wantedBooks).where(where),
      ]);
      return { items: rows.map(toBook), total: total?.n ?? 0 };
    },

    async history(id) {
      const [transitions, failures] = await Promise.all([
        db.select().from(wantedTransitions).where(eq(wantedTransitions.wantedBookId, id)).orderBy(asc(wantedTransitions.seq)),
        db.select().from(failedAttempts).where(eq(failedAttempts.wantedBookId, id)).orderBy(asc(failedAttempts.createdAt), asc(failedAttempts.attempt)),
      ]);
      return {
        transitions: transitions.map(toTransition),
        failures: failures.map((f) => ({ id: f.id, stage: f.stage, attempt: f.attempt, errorType: f.errorType, error: f.error, permanent: f.permanent, at: f.createdAt })),
      };
    },

    async dueRetries(now, limit) {
      const rows = await db
        .select()
        .from(wantedBooks)
        .where(and(eq(wantedBooks.state, 'RETRY_WAIT'), lte(wantedBooks.nextRetryAt, now)))
        .orderBy(asc(wantedBooks.nextRetryAt), asc(wantedBooks.id))
        .limit(limit);
      return rows.map(toBook);
    },

    async dueUpcoming(now, limit) {
      const today = now.toISOString().slice(0, 10);
      const rows = await db
        .select()
        .from(wantedBooks)
        .where(and(eq(wantedBooks.state, 'UPCOMING'), sql`${wantedBooks.releaseDate} <= ${today}::date`))
        .orderBy(asc(wantedBooks.releaseDate), asc(wantedBooks.id))
        .limit(limit);
      return rows.map(toBook);
    },

    async currentRelease(id) {
      const [download] = await db
        .select({ hash: downloads.qbitHash, name: downloads.name, releaseId: releases.id, indexer: releases.indexer, guid: releases.guid, title: releases.title })
        .from(downloads)
        .leftJoin(releases, eq(releases.id, downloads.releaseId))
        .where(eq(downloads.wantedBookId, id))
        .orderBy(desc(downloads.createdAt))
        .limit(1);
      if (download) return { infoHash: download.hash, indexer: download.indexer, guid: download.guid, title: download.title ?? download.name, releaseId: download.releaseId };
      const [chosen] = await db
        .select({ releaseId: releases.id, indexer: releases.indexer, guid: releases.guid, title: releases.title })
        .from(releases)
        .where(and(eq(releases.wantedBookId, id), eq(releases.chosen, true)))
        .orderBy(desc(releases.foundAt))
        .limit(1);
      return chosen ? { infoHash: null, ...chosen } : null;
    },

    addToBlocklist: (id, release, actor, at, reason) => {
      actorSchema.parse(actor);
      return insertBlocklist(db, id, release, actor, at, reason ?? null);
    },

    async blocklist(id): Promise<BlocklistedRelease[]> {
      const rows = await db.select().from(releaseBlocklist).where(eq(releaseBlocklist.wantedBookId, id)).orderBy(asc(releaseBlocklist.createdAt));
      return rows.map((r) => ({ id: r.id, key: r.key, infoHash: r.infoHash, indexer: r.indexer, guid: r.guid, title: r.title, releaseId: r.releaseId, reason: r.reason, actor: r.actor, at: r.createdAt }));
    },
  };
}

export type WantedBookRepository = ReturnType<typeof createWantedBookRepository>;
