import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { DownloadState, FailureStage, ReleaseSource, WantedSource, WantedState } from '../../core/acquisition/states.js';
import { createdAt, id, tstz, updatedAt } from './columns.js';
import { authors, books, series } from './library.js';

/** Books the service thinks are missing, from discovery or a user's request, and their way through approval. */
export const wantedBooks = pgTable(
  'wanted_books',
  {
    id: id(),
    source: text('source').$type<WantedSource>().notNull(),
    state: text('state').$type<WantedState>().notNull().default('PENDING_APPROVAL'),
    title: text('title').notNull(),
    subtitle: text('subtitle'),
    authors: text('authors').array().notNull().default(sql`'{}'::text[]`),
    narrators: text('narrators').array().notNull().default(sql`'{}'::text[]`),
    seriesName: text('series_name'),
    seriesSequence: text('series_sequence'),
    seriesId: uuid('series_id').references(() => series.id, { onDelete: 'set null' }),
    authorId: uuid('author_id').references(() => authors.id, { onDelete: 'set null' }),
    asin: text('asin'),
    isbn: text('isbn'),
    publishedYear: integer('published_year'),
    durationSeconds: doublePrecision('duration_seconds'),
    language: text('language'),
    coverUrl: text('cover_url'),
    /** Why it is wanted: provider records, confidence, the series gap or top-list rank that produced it. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default({}),
    /** Discord user ids. */
    requestedBy: text('requested_by'),
    approvedBy: text('approved_by'),
    decidedAt: tstz('decided_at'),
    /** Deterministic key (ASIN, ISBN or normalised author+title) so a book is never wanted twice. */
    dedupeKey: text('dedupe_key').notNull(),
    /** Set when the book shows up in the library (by any route). */
    ownedBookId: uuid('owned_book_id').references(() => books.id, { onDelete: 'set null' }),
    /** UPCOMING books turn PENDING_APPROVAL on this day (UTC). */
    releaseDate: date('release_date', { mode: 'date' }),
    /** Failures since the first attempt or the last user retry: the retry schedule's one counter. */
    attempts: integer('attempts').notNull().default(0),
    /** RETRY_WAIT: when the failed stage is due again. */
    nextRetryAt: tstz('next_retry_at'),
    /** The stage that failed last; RETRY_WAIT and FAILED resume there. */
    retryStage: text('retry_stage').$type<FailureStage>(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('wanted_books_dedupe_key_uq').on(t.dedupeKey), index('wanted_books_state_idx').on(t.state, t.nextRetryAt)],
);

/**
 * Every move of a wanted book, written by its repository in the transaction of the move (append-only): who moved it
 * (`user:<id>`, `job:<name>`, `webhook:<source>`, `cli`), from what to what, why, and for RETRY_WAIT the stage and due time.
 */
export const wantedTransitions = pgTable(
  'wanted_transitions',
  {
    id: id(),
    wantedBookId: uuid('wanted_book_id')
      .notNull()
      .references(() => wantedBooks.id, { onDelete: 'cascade' }),
    /** null: the book's creation. */
    fromState: text('from_state').$type<WantedState>(),
    toState: text('to_state').$type<WantedState>().notNull(),
    event: text('event').notNull(),
    actor: text('actor').notNull(),
    reason: text('reason'),
    stage: text('stage').$type<FailureStage>(),
    dueAt: tstz('due_at'),
    at: tstz('at').notNull(),
    /** Orders transitions with the same `at` (a fake clock, or two in one millisecond). */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [index('wanted_transitions_book_idx').on(t.wantedBookId, t.seq)],
);

/** Releases never to be chosen again for a book: by info hash, else by indexer + guid (`key`). */
export const releaseBlocklist = pgTable(
  'release_blocklist',
  {
    id: id(),
    wantedBookId: uuid('wanted_book_id')
      .notNull()
      .references(() => wantedBooks.id, { onDelete: 'cascade' }),
    /** `hash:<info hash>` or `guid:<indexer>:<guid>` (core/acquisition/wanted-keys.ts blocklistKey). */
    key: text('key').notNull(),
    infoHash: text('info_hash'),
    indexer: text('indexer'),
    guid: text('guid'),
    title: text('title'),
    releaseId: uuid('release_id').references(() => releases.id, { onDelete: 'set null' }),
    reason: text('reason'),
    actor: text('actor').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [uniqueIndex('release_blocklist_book_key_uq').on(t.wantedBookId, t.key)],
);

/** Indexer results considered for a wanted book, with the judgement made on each. */
export const releases = pgTable(
  'releases',
  {
    id: id(),
    wantedBookId: uuid('wanted_book_id')
      .notNull()
      .references(() => wantedBooks.id, { onDelete: 'cascade' }),
    source: text('source').$type<ReleaseSource>().notNull(),
    indexer: text('indexer'),
    guid: text('guid').notNull(),
    title: text('title').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    seeders: integer('seeders'),
    leechers: integer('leechers'),
    format: text('format'),
    freeleech: boolean('freeleech').notNull().default(false),
    infoUrl: text('info_url'),
    /** Never a credential-bearing URL: an indexer id + link reference the client can resolve again. */
    downloadRef: text('download_ref'),
    accepted: boolean('accepted').notNull().default(false),
    chosen: boolean('chosen').notNull().default(false),
    reason: text('reason'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    foundAt: createdAt(),
  },
  (t) => [uniqueIndex('releases_wanted_guid_uq').on(t.wantedBookId, t.guid)],
);

/** Torrents sent to qBittorrent. The hash is unique: a book is never downloaded twice by accident. */
export const downloads = pgTable(
  'downloads',
  {
    id: id(),
    wantedBookId: uuid('wanted_book_id').references(() => wantedBooks.id, { onDelete: 'set null' }),
    releaseId: uuid('release_id').references(() => releases.id, { onDelete: 'set null' }),
    qbitHash: text('qbit_hash').notNull(),
    name: text('name').notNull(),
    category: text('category'),
    state: text('state').$type<DownloadState>().notNull().default('queued'),
    progress: real('progress').notNull().default(0),
    savePath: text('save_path'),
    contentPath: text('content_path'),
    importPath: text('import_path'),
    sizeBytes: bigint('size_bytes', { mode: 'number' }),
    attempts: integer('attempts').notNull().default(0),
    nextRetryAt: tstz('next_retry_at'),
    lastError: text('last_error'),
    /** The monitor's last look: speed, ETA (null: unknown or infinite) and connected seeds. */
    downloadSpeedBps: bigint('download_speed_bps', { mode: 'number' }),
    etaSeconds: integer('eta_seconds'),
    seeds: integer('seeds'),
    /** What the download monitor remembers between looks (core/acquisition/download-watch.ts WatchMemory, ISO dates). */
    watch: jsonb('watch').$type<{ leastLeftBytes: number | null; lastProgressAt: string }>(),
    /** The .torrent as sent (base64), so a crash between "row written" and "added" can be re-added at the next start. */
    torrentFile: text('torrent_file'),
    completedAt: tstz('completed_at'),
    importedAt: tstz('imported_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('downloads_qbit_hash_uq').on(t.qbitHash), index('downloads_state_idx').on(t.state)],
);

/**
 * Every failed attempt, kept forever when permanent (the 5th failure) so a book that cannot be had is not retried
 * blindly; non-permanent ones expire after FAILED_ATTEMPT_RETENTION_DAYS.
 */
export const failedAttempts = pgTable(
  'failed_attempts',
  {
    id: id(),
    wantedBookId: uuid('wanted_book_id').references(() => wantedBooks.id, { onDelete: 'set null' }),
    downloadId: uuid('download_id').references(() => downloads.id, { onDelete: 'set null' }),
    stage: text('stage').$type<FailureStage>().notNull(),
    attempt: integer('attempt').notNull(),
    /** A short class of error ("no-acceptable-release", "stalled"); `error` has the message. */
    errorType: text('error_type').notNull().default('error'),
    error: text('error').notNull(),
    permanent: boolean('permanent').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('failed_attempts_retention_idx').on(t.permanent, t.createdAt), index('failed_attempts_wanted_idx').on(t.wantedBookId)],
);

/** Each metadata change proposed or made, with its source, so every correction can be explained and undone. */
export const metadataCorrections = pgTable(
  'metadata_corrections',
  {
    id: id(),
    bookId: uuid('book_id')
      .notNull()
      .references(() => books.id, { onDelete: 'cascade' }),
    taskRunId: uuid('task_run_id'),
    field: text('field').notNull(),
    oldValue: jsonb('old_value'),
    newValue: jsonb('new_value'),
    source: text('source').notNull(),
    confidence: real('confidence'),
    dryRun: boolean('dry_run').notNull().default(false),
    applied: boolean('applied').notNull().default(false),
    error: text('error'),
    createdAt: createdAt(),
  },
  (t) => [index('metadata_corrections_book_idx').on(t.bookId, t.createdAt)],
);
