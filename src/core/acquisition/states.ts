/**
 * Vocabulary of the acquisition pipeline, shared by the database schema and the workflows.
 * Stored as text (not Postgres enums) so a later state is a code change, not a blocking ALTER TYPE.
 */
export const WANTED_SOURCES = ['SERIES_GAP', 'AUTHOR_GAP', 'TOP_LIST', 'REQUEST'] as const;
export type WantedSource = (typeof WANTED_SOURCES)[number];

/**
 * A wanted book's life (docs/acquisition.md; the transitions are the table in wanted-state-machine.ts):
 * (UPCOMING →) PENDING_APPROVAL → APPROVED | REJECTED | IGNORED; APPROVED → SEARCHING → GRABBED → DOWNLOADING →
 * DOWNLOADED → IMPORTING → IMPORTED → VERIFIED; a failed stage waits in RETRY_WAIT and goes back when due, or ends in
 * FAILED; OWNED when the book shows up in the library by another route; CANCELLED by a user.
 */
export const WANTED_STATES = [
  'PENDING_APPROVAL',
  'UPCOMING',
  'APPROVED',
  'REJECTED',
  'IGNORED',
  'SEARCHING',
  'GRABBED',
  'DOWNLOADING',
  'DOWNLOADED',
  'IMPORTING',
  'IMPORTED',
  'VERIFIED',
  'RETRY_WAIT',
  'FAILED',
  'OWNED',
  'CANCELLED',
] as const;
export type WantedState = (typeof WANTED_STATES)[number];

/** States in which a stage of the pipeline is at work on the book: a failure there goes to RETRY_WAIT or FAILED. */
export const WORKING_STATES = ['SEARCHING', 'GRABBED', 'DOWNLOADING', 'DOWNLOADED', 'IMPORTING', 'IMPORTED'] as const satisfies readonly WantedState[];

/** States nothing moves a book out of (FAILED is not one: a user can retry it, and it can turn out owned). */
export const TERMINAL_STATES = ['REJECTED', 'IGNORED', 'VERIFIED', 'OWNED', 'CANCELLED'] as const satisfies readonly WantedState[];

/** Initial states of a new wanted book. */
export const INITIAL_STATES = ['PENDING_APPROVAL', 'UPCOMING', 'APPROVED'] as const satisfies readonly WantedState[];
export type InitialState = (typeof INITIAL_STATES)[number];

export const DOWNLOAD_STATES = ['queued', 'downloading', 'completed', 'importing', 'imported', 'failed', 'removed'] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

export const RELEASE_SOURCES = ['prowlarr', 'mam'] as const;
export type ReleaseSource = (typeof RELEASE_SOURCES)[number];

export const FAILURE_STAGES = ['search', 'grab', 'download', 'import', 'metadata'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/**
 * Retry schedule: the first attempt and five retries, after 5 min, 30 min, 2 h, 6 h and 24 h (retry-schedule.ts adds
 * ±10 % jitter); the failure of the fifth retry (the sixth failure) is permanent.
 */
export const RETRY_DELAYS_MS = [5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 24 * 3_600_000] as const;
