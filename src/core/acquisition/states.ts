/**
 * Vocabulary of the acquisition pipeline, shared by the database schema and the workflows.
 * Stored as text (not Postgres enums) so a later state is a code change, not a blocking ALTER TYPE.
 */
export const WANTED_SOURCES = ['SERIES_GAP', 'AUTHOR_GAP', 'TOP_LIST', 'REQUEST'] as const;
export type WantedSource = (typeof WANTED_SOURCES)[number];

/**
 * A wanted book's life: discovered → (approved | rejected) → searching → downloading → importing → imported,
 * or failed (retried with backoff until permanent), or owned (found in the library meanwhile).
 */
export const WANTED_STATES = [
  'PENDING_APPROVAL',
  'APPROVED',
  'REJECTED',
  'SEARCHING',
  'DOWNLOADING',
  'IMPORTING',
  'IMPORTED',
  'FAILED',
  'OWNED',
] as const;
export type WantedState = (typeof WANTED_STATES)[number];

export const DOWNLOAD_STATES = ['queued', 'downloading', 'completed', 'importing', 'imported', 'failed', 'removed'] as const;
export type DownloadState = (typeof DOWNLOAD_STATES)[number];

export const RELEASE_SOURCES = ['prowlarr', 'mam'] as const;
export type ReleaseSource = (typeof RELEASE_SOURCES)[number];

export const FAILURE_STAGES = ['search', 'grab', 'download', 'import', 'metadata'] as const;
export type FailureStage = (typeof FAILURE_STAGES)[number];

/** Retry schedule after a failed attempt: 5 min, 30 min, 2 h, 6 h, 24 h; the 5th failure is permanent. */
export const RETRY_DELAYS_MS = [5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 24 * 3_600_000] as const;
