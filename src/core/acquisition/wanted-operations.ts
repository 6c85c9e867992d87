import { z } from 'zod';
import type { Clock } from '../clock.js';
import { afterFailure, type Random } from './retry-schedule.js';
import { FAILURE_STAGES, INITIAL_STATES, WANTED_SOURCES, type FailureStage, type WantedState } from './states.js';
import {
  actorSchema,
  type Actor,
  type Decision,
  type NewWantedBook,
  type ReleaseIdentity,
  type TransitionRequest,
  type WantedBook,
  type WantedBookStore,
  type WantedTransition,
} from './wanted-book.port.js';
import { blocklistKey, wantedDedupeKey } from './wanted-keys.js';
import { wantedNotice, type NoticeContext } from './wanted-notifications.js';
import { BLOCKLIST_RESEARCH_STATES, targetOf, type WantedEvent } from './wanted-state-machine.js';

/**
 * What a user (CLI, Discord), a job or a webhook can do to a wanted book: one code path, over the store's
 * compare-and-set transitions. Refusals (unknown book, a move the table does not allow, a lost race, a duplicate) are
 * results with a message for the person who asked; only storage failures throw.
 */
export type Refusal =
  | { ok: false; code: 'not-found'; message: string }
  | { ok: false; code: 'illegal'; message: string; current: Decision }
  | { ok: false; code: 'conflict'; message: string; current: Decision }
  | { ok: false; code: 'duplicate'; message: string; existing: WantedBook }
  | { ok: false; code: 'invalid'; message: string };
export type Moved = { ok: true; book: WantedBook; transition: WantedTransition };
export type MoveResult = Moved | Refusal;

/** Moves of the pipeline itself (the search, grab, download, import and verify stages, and the release date). */
export const PIPELINE_EVENTS = ['release-date', 'search-start', 'grab', 'download-start', 'download-complete', 'import-start', 'import-complete', 'verify'] as const satisfies readonly WantedEvent[];
export type PipelineEvent = (typeof PIPELINE_EVENTS)[number];

const RESUMING: ReadonlySet<WantedEvent> = new Set(['retry-due', 'user-retry']);

export const newWantedBookSchema = z.object({
  source: z.enum(WANTED_SOURCES),
  state: z.enum(INITIAL_STATES),
  title: z.string().trim().min(1).max(1000),
  subtitle: z.string().trim().max(1000).nullish(),
  authors: z.array(z.string().trim().min(1).max(300)).max(50),
  narrators: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
  seriesName: z.string().trim().max(1000).nullish(),
  seriesSequence: z.string().trim().max(50).nullish(),
  asin: z.string().trim().max(20).nullish(),
  isbn: z.string().trim().max(30).nullish(),
  publishedYear: z.number().int().min(0).max(3000).nullish(),
  releaseDate: z.date().nullish(),
  durationSeconds: z.number().nonnegative().nullish(),
  language: z.string().trim().max(50).nullish(),
  coverUrl: z.url().nullish(),
  evidence: z.record(z.string(), z.unknown()).optional(),
  requestedBy: z.string().max(100).nullish(),
  approvedBy: z.string().max(100).nullish(),
});

export const failureSchema = z.object({
  stage: z.enum(FAILURE_STAGES),
  /** A short class of error ("no-acceptable-release", "qbittorrent-unreachable", "stalled"). */
  errorType: z.string().trim().min(1).max(100),
  message: z.string().trim().min(1).max(4000),
  /** Permanent at once, whatever the schedule says (e.g. the book does not exist as an audiobook). */
  permanent: z.boolean().optional(),
  /** The download that failed (download and import stages). */
  downloadId: z.uuid().nullish(),
});
export type FailureReport = z.infer<typeof failureSchema>;

interface MoveOptions {
  /** The state the caller requires the book to be in (a job's claim): anything else is a conflict. */
  expect?: WantedState;
  reason?: string | null;
  stage?: FailureStage | null;
  dueAt?: Date | null;
  changes?: TransitionRequest['changes'];
  failure?: TransitionRequest['failure'];
  blocklist?: ReleaseIdentity;
  notice?: Omit<NoticeContext, 'actor' | 'reason' | 'stage' | 'dueAt'>;
}

export function describeDecision(d: Decision): string {
  return `${d.state}, by ${d.actor ?? 'unknown'} at ${d.at.toISOString()}`;
}

/** Discovered books of these sources are approved as they are created (SERIES_AUTO_DOWNLOAD, AUTHOR_AUTO_DOWNLOAD, TOP10_AUTO_DOWNLOAD). */
export type AutoApproval = Partial<Record<Exclude<(typeof WANTED_SOURCES)[number], 'REQUEST'>, boolean>>;

const autoReason = (source: string) => `approved automatically (${source === 'TOP_LIST' ? 'TOP10' : source.replace('_GAP', '')}_AUTO_DOWNLOAD)`;

export function createWantedOperations(deps: { store: WantedBookStore; clock: Clock; random?: Random; autoApprove?: AutoApproval }) {
  const { store, clock } = deps;

  async function currentDecision(book: WantedBook): Promise<Decision> {
    const { transitions } = await store.history(book.id);
    const last = transitions.at(-1);
    return last && last.to === book.state ? { state: book.state, actor: last.actor, at: last.at } : { state: book.state, actor: null, at: book.updatedAt };
  }

  async function load(id: string): Promise<WantedBook | Refusal> {
    if (!z.uuid().safeParse(id).success) return { ok: false, code: 'not-found', message: `no wanted book ${id} (not a wanted-book id)` };
    return (await store.get(id)) ?? { ok: false, code: 'not-found', message: `no wanted book ${id}` };
  }

  async function moveBook(book: WantedBook, event: WantedEvent, actor: Actor, opts: MoveOptions = {}): Promise<MoveResult> {
    if (opts.expect && book.state !== opts.expect) {
      const current = await currentDecision(book);
      return { ok: false, code: 'conflict', message: `already ${describeDecision(current)}`, current };
    }
    const stage = opts.stage ?? (RESUMING.has(event) ? book.retryStage : null);
    const target = targetOf(book.state, event, stage);
    if ('reason' in target) {
      const current = await currentDecision(book);
      return { ok: false, code: 'illegal', message: `cannot ${event} "${book.title}": it is ${describeDecision(current)} (${target.reason})`, current };
    }
    const notice = wantedNotice(book, target.to, { ...opts.notice, actor, reason: opts.reason ?? null, stage: opts.failure ? stage : null, dueAt: opts.dueAt ?? null });
    const result = await store.transition({
      id: book.id,
      from: book.state,
      to: target.to,
      event,
      actor,
      at: clock.now(),
      reason: opts.reason ?? null,
      stage,
      dueAt: opts.dueAt ?? null,
      changes: opts.changes,
      failure: opts.failure,
      blocklist: opts.blocklist,
      notification: notice,
    });
    if (result.ok) return result;
    if (result.code === 'not-found') return { ok: false, code: 'not-found', message: `no wanted book ${book.id}` };
    return { ok: false, code: 'conflict', message: `already ${describeDecision(result.current)}`, current: result.current };
  }

  async function move(id: string, event: WantedEvent, actor: Actor, opts: MoveOptions = {}): Promise<MoveResult> {
    const parsedActor = actorSchema.safeParse(actor);
    if (!parsedActor.success) return { ok: false, code: 'invalid', message: `not an actor: ${actor} (user:<id>, job:<name>, webhook:<source> or cli)` };
    const book = await load(id);
    if ('ok' in book) return book;
    return moveBook(book, event, actor, opts);
  }

  return {
    /** Adds a wanted book (a request, or a discovered gap), refusing one already wanted under the same key. */
    async create(input: NewWantedBook, actor: Actor, reason?: string): Promise<{ ok: true; book: WantedBook } | Refusal> {
      if (!actorSchema.safeParse(actor).success) return { ok: false, code: 'invalid', message: `not an actor: ${actor}` };
      const parsed = newWantedBookSchema.safeParse(input);
      if (!parsed.success) return { ok: false, code: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'book'}: ${i.message}`).join('; ') };
      const source = parsed.data.source;
      const auto = source !== 'REQUEST' && parsed.data.state === 'PENDING_APPROVAL' && deps.autoApprove?.[source] === true;
      const book = auto ? { ...parsed.data, state: 'APPROVED' as const } : parsed.data;
      if (book.state === 'UPCOMING' && !book.releaseDate) return { ok: false, code: 'invalid', message: 'an UPCOMING book needs its release date' };
      const dedupeKey = wantedDedupeKey(book);
      const at = clock.now();
      const approved = book.state === 'APPROVED' ? { approvedBy: book.approvedBy ?? actor, decidedAt: at } : {};
      const why = auto ? `${reason ? `${reason}; ` : ''}${autoReason(book.source)}` : (reason ?? null);
      const result = await store.create({ ...book, ...approved, dedupeKey, actor, at, reason: why });
      if (result.ok) return result;
      const e = result.existing;
      return { ok: false, code: 'duplicate', message: `already wanted: "${e.title}" (${e.id}), ${e.state}`, existing: e };
    },

    /** A user's request (source REQUEST), waiting for approval unless the requester may approve it at once. */
    request(input: Omit<NewWantedBook, 'source' | 'state'> & { approved?: boolean }, actor: Actor) {
      const { approved, ...book } = input;
      return this.create({ ...book, source: 'REQUEST', state: approved ? 'APPROVED' : 'PENDING_APPROVAL', requestedBy: book.requestedBy ?? actor }, actor, 'requested');
    },

    approve: (id: string, actor: Actor) => move(id, 'approve', actor, { changes: { approvedBy: actor, decidedAt: clock.now() } }),
    reject: (id: string, actor: Actor, reason?: string) => move(id, 'reject', actor, { reason: reason ?? null, changes: { decidedAt: clock.now() } }),
    ignore: (id: string, actor: Actor, reason?: string) => move(id, 'ignore', actor, { reason: reason ?? null, changes: { decidedAt: clock.now() } }),
    cancel: (id: string, actor: Actor, reason?: string) => move(id, 'cancel', actor, { reason: reason ?? null, changes: { nextRetryAt: null } }),

    /** A user's retry of a FAILED or RETRY_WAIT book: back to its failed stage now, with the failure counter reset. */
    retry: (id: string, actor: Actor) => move(id, 'user-retry', actor, { reason: 'retry requested', changes: { attempts: 0, nextRetryAt: null } }),

    /** The book showed up in the library (library sync, import of another copy): it is owned, nothing more to do. */
    markOwned: (id: string, libraryBookId: string | null, actor: Actor) => move(id, 'owned', actor, { changes: { ownedBookId: libraryBookId, nextRetryAt: null } }),

    /** The pipeline's own moves; `expect` makes a job's claim (e.g. APPROVED → SEARCHING) a compare-and-set on that state. */
    advance: (id: string, event: PipelineEvent, actor: Actor, opts: { expect?: WantedState; reason?: string; fields?: NoticeContext['fields'] } = {}) =>
      move(id, event, actor, { expect: opts.expect, reason: opts.reason ?? null, notice: { fields: opts.fields } }),

    /**
     * A failed attempt at a stage: RETRY_WAIT until the schedule's next delay, or FAILED when the five retries are
     * spent (or the failure is permanent by nature). Recorded in failed_attempts with the transition, and with
     * `blocklist` the release that failed is blocklisted in the same transaction.
     */
    async recordFailure(id: string, report: FailureReport, actor: Actor, opts: { expect?: WantedState; blocklist?: ReleaseIdentity } = {}): Promise<MoveResult> {
      const parsed = failureSchema.safeParse(report);
      if (!parsed.success) return { ok: false, code: 'invalid', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') };
      const f = parsed.data;
      if (!actorSchema.safeParse(actor).success) return { ok: false, code: 'invalid', message: `not an actor: ${actor}` };
      const book = await load(id);
      if ('ok' in book) return book;
      const decision = f.permanent ? { permanent: true as const, failures: book.attempts + 1 } : afterFailure(book.attempts, clock.now(), deps.random);
      const dueAt = decision.permanent ? null : decision.dueAt;
      return moveBook(book, decision.permanent ? 'fail-permanent' : 'fail', actor, {
        expect: opts.expect ?? book.state,
        reason: f.message,
        stage: f.stage,
        dueAt,
        changes: { attempts: decision.failures, nextRetryAt: dueAt, retryStage: f.stage },
        failure: { stage: f.stage, attempt: decision.failures, errorType: f.errorType, message: f.message, permanent: decision.permanent, downloadId: f.downloadId ?? null },
        // A failed download's release is never chosen again for the book (blocklisted in the same transaction).
        ...(opts.blocklist ? { blocklist: opts.blocklist } : {}),
        notice: { failures: decision.failures },
      });
    },

    /**
     * Blocklists the release the book is on (never chosen again for it). A book on that release (grabbed,
     * downloading, downloaded) or waiting after a failure searches again at once, its counter reset.
     */
    async blocklistCurrent(id: string, actor: Actor, reason?: string): Promise<{ ok: true; book: WantedBook; release: ReleaseIdentity; transition: WantedTransition | null } | Refusal> {
      if (!actorSchema.safeParse(actor).success) return { ok: false, code: 'invalid', message: `not an actor: ${actor}` };
      const book = await load(id);
      if ('ok' in book) return book;
      const release = await store.currentRelease(book.id);
      if (!release || !blocklistKey(release)) return { ok: false, code: 'invalid', message: `"${book.title}" has no release to blocklist` };
      const why = reason ?? 'blocklisted by a user';
      if (!BLOCKLIST_RESEARCH_STATES.includes(book.state)) {
        await store.addToBlocklist(book.id, release, actor, clock.now(), why);
        return { ok: true, book, release, transition: null };
      }
      const moved = await moveBook(book, 'blocklist', actor, { reason: why, blocklist: release, changes: { attempts: 0, nextRetryAt: null, retryStage: null } });
      return moved.ok ? { ...moved, release } : moved;
    },

    /** The retry-due job: every RETRY_WAIT book whose time has come goes back to its stage. */
    async resumeDue(actor: Actor, limit = 100): Promise<{ resumed: Moved[]; refused: Refusal[] }> {
      const due = await store.dueRetries(clock.now(), limit);
      const resumed: Moved[] = [];
      const refused: Refusal[] = [];
      for (const book of due) {
        const r = await moveBook(book, 'retry-due', actor, { expect: 'RETRY_WAIT', changes: { nextRetryAt: null } });
        if (r.ok) resumed.push(r);
        else refused.push(r);
      }
      return { resumed, refused };
    },

    /** UPCOMING books whose release date has come wait for approval. */
    async releaseDue(actor: Actor, limit = 100): Promise<{ released: Moved[]; refused: Refusal[] }> {
      const due = await store.dueUpcoming(clock.now(), limit);
      const released: Moved[] = [];
      const refused: Refusal[] = [];
      for (const book of due) {
        let r = await moveBook(book, 'release-date', actor, { expect: 'UPCOMING' });
        // A released book of an auto-download source is approved at once, as it would have been when created.
        if (r.ok && book.source !== 'REQUEST' && deps.autoApprove?.[book.source] === true) {
          r = await moveBook(r.book, 'approve', actor, { expect: 'PENDING_APPROVAL', reason: autoReason(book.source), changes: { approvedBy: actor, decidedAt: clock.now() } });
        }
        if (r.ok) released.push(r);
        else refused.push(r);
      }
      return { released, refused };
    },

    get: (id: string) => load(id),
    list: store.list.bind(store),
    history: store.history.bind(store),
    blocklist: store.blocklist.bind(store),
  };
}

export type WantedOperations = ReturnType<typeof createWantedOperations>;
