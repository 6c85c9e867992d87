/** Domain shapes of the Audiobookshelf client: plain data, dates as Date, no wire field names. */

export interface AbsLibrary {
  id: string;
  name: string;
  mediaType: 'book' | 'podcast';
  folders: string[];
  /** null before the first scan. */
  lastScan: Date | null;
}

export interface AbsSeriesEntry {
  name: string;
  /** ABS keeps sequences as strings ("1", "1.5", "Part 2"); null when unknown. */
  sequence: string | null;
}

/** A book as list endpoints give it (ABS's "minified" shape): names only, no author/series ids. */
export interface AbsBookSummary {
  id: string;
  libraryId: string;
  path: string;
  relPath: string;
  title: string;
  subtitle: string | null;
  /** Split from ABS's comma-joined `authorName`. */
  authorNames: string[];
  narratorNames: string[];
  /** Parsed from ABS's `seriesName` ("Saga #1, Universe #1.5"). */
  series: AbsSeriesEntry[];
  genres: string[];
  tags: string[];
  publishedYear: string | null;
  asin: string | null;
  isbn: string | null;
  durationSec: number;
  sizeBytes: number;
  addedAt: Date;
  updatedAt: Date;
  isMissing: boolean;
}

/** A book with structured authors and series (single item, batch, socket events). */
export interface AbsBook {
  id: string;
  libraryId: string;
  path: string;
  relPath: string;
  title: string;
  subtitle: string | null;
  authors: Array<{ id: string; name: string }>;
  narrators: string[];
  series: Array<{ id: string; name: string; sequence: string | null }>;
  genres: string[];
  tags: string[];
  publishedYear: string | null;
  publisher: string | null;
  description: string | null;
  isbn: string | null;
  asin: string | null;
  language: string | null;
  explicit: boolean;
  abridged: boolean;
  durationSec: number;
  sizeBytes: number | null;
  addedAt: Date;
  updatedAt: Date;
  lastScan: Date | null;
  isMissing: boolean;
}

export interface AbsPage<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export type AbsItemSort = 'title' | 'authorName' | 'addedAt' | 'publishedYear' | 'duration' | 'size';

export type AbsItemFilter =
  | { by: 'author'; authorId: string }
  | { by: 'series'; seriesId: string }
  | { by: 'tag'; tag: string }
  | { by: 'genre'; genre: string };

export interface AbsListOptions {
  page?: number;
  /** ABS's default 0 returns the whole library in one answer; the client pages unless told otherwise. */
  limit?: number;
  sort?: AbsItemSort;
  desc?: boolean;
  filter?: AbsItemFilter;
}

export interface AbsSeries {
  id: string;
  name: string;
  books: Array<{ id: string; title: string; sequence: string | null }>;
}

export interface AbsAuthor {
  id: string;
  name: string;
  asin: string | null;
  numBooks: number;
}

export interface AbsSearchResult {
  books: AbsBook[];
  authors: AbsAuthor[];
  series: Array<{ id: string; name: string }>;
}

export interface AbsScanResults {
  added: number;
  updated: number;
  missing: number;
}

/** A finished ABS background task (socket `task_finished`). */
/** An author or series named by a socket event. */
export interface AbsEntityRef {
  id: string;
  libraryId: string | null;
  name: string | null;
}

export interface AbsTask {
  id: string;
  action: string;
  libraryId: string | null;
  title: string;
  isFailed: boolean;
  error: string | null;
  /** Present for library/watcher scans. */
  scanResults: AbsScanResults | null;
  finishedAt: Date | null;
}
