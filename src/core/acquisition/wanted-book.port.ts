import { z } from 'zod';
import type { NotificationPayload } from '../notifications/outbox.port.js';
import type { FailureStage, InitialState, WantedSource, WantedState } from './states.js';
import type { WantedEvent } from './wanted-state-machine.js';

/**
 * Who moved a book: `user:<discord id>`, `job:<name>`, `webhook:<source>` or `cli`. Stored on every transition, so a
 * lost race can say who decided.
 */
export const actorSchema = z.string().regex(/^(?:(?:user|job|webhook):[\w.:@-]{1,100}|cli)$/, 'an actor is user:<id>, job:<name>, webhook:<source> or cli');
export type Actor = string;

export interface WantedBook {
  id: string;
  source: WantedSource;
  state: WantedState;
  title: string;
  subtitle: string | null;
  authors: string[];
  narrators: string[];
  seriesName: string | null;
  seriesSequence: string | null;
  asin: string | null;
  isbn: string | null;
  publishedYear: number | null;
  durationSeconds: number | null;
  language: string | null;
  coverUrl: string | null;
  /** Why it is wanted: provider records, confidence, the series gap or top-list rank that produced it. */
  evidence: Record<string, unknown>;
  /** UPCOMING books turn PENDING_APPROVAL on this day. */
  releaseDate: Date | null;
  requestedBy: string | null;
  approvedBy: string | null;
  decidedAt: Date | null;
  dedupeKey: string;
  ownedBookId: string | null;
  /** Failures since the first attempt or the last user retry (the retry schedule's one counter). */
  attempts: number;
  /** RETRY_WAIT: when the failed stage is due again. */
  nextRetryAt: Date | null;
  /** The stage that failed last (RETRY_WAIT and FAILED resume there). */
  retryStage: FailureStage | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WantedTransition {
  id: string;
  wantedBookId: string;
  /** null for the book's creation. */
  from: WantedState | null;
  to: WantedState;
  event: WantedEvent | 'create';
  actor: Actor;
  reason: string | null;
  /** Into RETRY_WAIT/FAILED: the failed stage; RETRY_WAIT also its due time. */
  stage: FailureStage | null;
  dueAt: Date | null;
  at: Date;
}

export interface FailedAttempt {
  id: string;
  stage: FailureStage;
  attempt: number;
  errorType: string;
  error: string;
  permanent: boolean;
  at: Date;
}

/** A release to never choose again for a book: by its info hash, else by its indexer and guid. */
export interface ReleaseIdentity {
  infoHash?: string | null;
  indexer?: string | null;
  guid?: string | null;
  title?: string | null;
  releaseId?: string | null;
}

export interface BlocklistedRelease extends ReleaseIdentity {
  id: string;
  key: string;
  reason: string | null;
  actor: Actor;
  at: Date;
}

export interface NewWantedBook {
  source: WantedSource;
  state: InitialState;
  title: string;
  subtitle?: string | null;
  authors: string[];
  narrators?: string[];
  seriesName?: string | null;
  seriesSequence?: string | null;
  asin?: string | null;
  isbn?: string | null;
  publishedYear?: number | null;
  releaseDate?: Date | null;
  durationSeconds?: number | null;
  language?: string | null;
  coverUrl?: string | null;
  evidence?: Record<string, unknown>;
  requestedBy?: string | null;
  approvedBy?: string | null;
}

/** The columns a transition may change besides the state. */
export interface WantedChanges {
  attempts?: number;
  nextRetryAt?: Date | null;
  retryStage?: FailureStage | null;
  approvedBy?: string | null;
  decidedAt?: Date | null;
  ownedBookId?: string | null;
}

export interface TransitionRequest {
  id: string;
  /** The state the caller saw: the update only happens while the book is still in it (compare-and-set). */
  from: WantedState;
  to: WantedState;
  event: WantedEvent;
  actor: Actor;
  at: Date;
  reason?: string | null;
  /** The failed stage (into RETRY_WAIT/FAILED) or the remembered one (out of them). */
  stage?: FailureStage | null;
  /** RETRY_WAIT: when the stage is due again (recorded on the transition too). */
  dueAt?: Date | null;
  changes?: WantedChanges;
  /** Recorded in failed_attempts in the same transaction. */
  failure?: { stage: FailureStage; attempt: number; errorType: string; message: string; permanent: boolean; downloadId?: string | null };
  /** Blocklisted in the same transaction. */
  blocklist?: ReleaseIdentity;
  /** Queued in the outbox in the same transaction, with one idempotency key per transition. */
  notification?: { kind: string; payload: NotificationPayload } | null;
}

export interface Decision {
  state: WantedState;
  actor: Actor | null;
  at: Date;
}

export type TransitionResult =
  | { ok: true; book: WantedBook; transition: WantedTransition }
  /** The compare-and-set found the book no longer in `from`: somebody else moved it first; nothing was written. */
  | { ok: false; code: 'conflict'; current: Decision }
  | { ok: false; code: 'not-found' };

export type CreateResult = { ok: true; book: WantedBook } | { ok: false; code: 'duplicate'; existing: WantedBook };

export interface WantedListQuery {
  states?: WantedState[];
  limit: number;
  offset: number;
}

/**
 * The wanted books on their storage: the only writer of wanted_books (src/db/repositories/wanted-book.repository.ts).
 * `transition` refuses a move the table does not allow (IllegalTransitionError) before writing anything.
 */
export interface WantedBookStore {
  create(input: NewWantedBook & { dedupeKey: string; actor: Actor; at: Date; reason?: string | null }): Promise<CreateResult>;
  transition(request: TransitionRequest): Promise<TransitionResult>;
  get(id: string): Promise<WantedBook | null>;
  list(query: WantedListQuery): Promise<{ items: WantedBook[]; total: number }>;
  /** Transitions (oldest first) and failures (oldest first) of one book. */
  history(id: string): Promise<{ transitions: WantedTransition[]; failures: FailedAttempt[] }>;
  /** RETRY_WAIT books whose retry is due at `now`, the longest overdue first. */
  dueRetries(now: Date, limit: number): Promise<WantedBook[]>;
  /** UPCOMING books whose release date has come. */
  dueUpcoming(now: Date, limit: number): Promise<WantedBook[]>;
  /** The release the book is on: its latest download's, else its latest chosen release. */
  currentRelease(id: string): Promise<ReleaseIdentity | null>;
  addToBlocklist(id: string, release: ReleaseIdentity, actor: Actor, at: Date, reason?: string | null): Promise<{ created: boolean }>;
  blocklist(id: string): Promise<BlocklistedRelease[]>;
}
