import { IntegrationError } from '../http/index.js';

/** A series sequence: numbers are turned into strings by the client (ABS stores a number as null). */
export type SeriesSequence = string | number;

export interface SeriesMembership {
  name: string;
  sequence: SeriesSequence | null;
}

/**
 * A metadata change for `PATCH /api/items/:id/media`, shaped so ABS's traps cannot be hit (`server/models/Book.js`):
 * - `authors` are names; the client sends them as `{name}` objects (strings would silently remove every author),
 *   and the type requires at least one, since the list is replaced whole.
 * - `series` is the COMPLETE new list (ABS replaces it; omitted = untouched, [] = remove all). To add one series
 *   while keeping the others use `AbsClient.setSeriesMembership`.
 * - sequences may be given as numbers; they are sent as strings.
 */
export interface BookMetadataUpdate {
  title?: string;
  subtitle?: string | null;
  authors?: readonly [string, ...string[]];
  narrators?: readonly string[];
  series?: readonly SeriesMembership[];
  genres?: readonly string[];
  tags?: readonly string[];
  publishedYear?: string | number | null;
  publishedDate?: string | null;
  publisher?: string | null;
  description?: string | null;
  isbn?: string | null;
  asin?: string | null;
  language?: string | null;
  explicit?: boolean;
  abridged?: boolean;
}

const STRING_FIELDS = ['subtitle', 'publishedDate', 'publisher', 'description', 'isbn', 'asin', 'language'] as const;

function invalid(message: string): IntegrationError {
  return new IntegrationError({ service: 'audiobookshelf', operation: 'updateMetadata', code: 'bad_request', message, retryable: false });
}

export function sequenceString(sequence: SeriesSequence | null): string | null {
  if (sequence === null) return null;
  if (typeof sequence === 'number') {
    if (!Number.isFinite(sequence)) throw invalid('series sequence must be a finite number');
    return String(sequence);
  }
  const trimmed = sequence.trim();
  return trimmed === '' ? null : trimmed;
}

/** The wire body for `PATCH /api/items/:id/media`. Throws `bad_request` for values ABS would silently mangle. */
export function buildMediaPatch(update: BookMetadataUpdate): { metadata: Record<string, unknown>; tags?: string[] } {
  const metadata: Record<string, unknown> = {};
  if (update.title !== undefined) {
    if (update.title.trim() === '') throw invalid('title cannot be empty (ABS would store null)');
    metadata.title = update.title;
  }
  for (const key of STRING_FIELDS) if (update[key] !== undefined) metadata[key] = update[key];
  if (update.publishedYear !== undefined) metadata.publishedYear = update.publishedYear === null ? null : String(update.publishedYear);
  if (update.explicit !== undefined) metadata.explicit = update.explicit;
  if (update.abridged !== undefined) metadata.abridged = update.abridged;
  if (update.narrators) metadata.narrators = [...update.narrators];
  if (update.genres) metadata.genres = [...update.genres];
  if (update.authors) {
    const names = update.authors.map((n) => n.trim());
    if (names.length === 0 || names.some((n) => n === '')) throw invalid('authors must be non-empty names (the list replaces all authors)');
    metadata.authors = names.map((name) => ({ name }));
  }
  if (update.series) {
    const entries = update.series.map((s) => ({ name: s.name.trim(), sequence: sequenceString(s.sequence) }));
    // One element without a name makes ABS ignore the whole series update.
    if (entries.some((s) => s.name === '')) throw invalid('series names cannot be empty');
    metadata.series = entries;
  }
  return { metadata, ...(update.tags ? { tags: [...update.tags] } : {}) };
}
