import type { BookRecord } from '../matching/index.js';

/**
 * The question discovery answers for one scope: given what the user owns (library items as Audiobookshelf shows
 * them) and what the metadata providers return for a series or an author, which books are missing, which are not
 * released yet, and which are neither. Pure data; the jobs fill it from the mirror and the provider clients.
 */

export type GapScope =
  /** `authors`: the series' author(s) plus the authors of the owned books of the series. */
  | { kind: 'series'; name: string; authors: string[] }
  | { kind: 'author'; name: string };

export interface GapOptions {
  /** Fractional positions (x.5 novellas) are gaps; default true. */
  includeNovellas: boolean;
  /** Author scopes: anthologies and single-author collections are gaps; default false. */
  includeAnthologies: boolean;
  /** The library's language (ISO 639-1); default "en". */
  language: string;
  /**
   * The backlog guard of a follow "from now on" (YYYY-MM-DD): books released on or before it are not gaps. Null or
   * absent: the whole backlog.
   */
  releasedAfter?: string | null;
}

/** One provider record, normalised: Audible (directly or via Audnexus), Hardcover, Google Books, Open Library. */
export interface ProviderRecord extends BookRecord {
  /** Unique within the question, e.g. "audnexus:B0…", "hardcover:123". */
  ref: string;
  source: string;
  /** As the provider writes it: "english", "eng", "en", "german"… */
  language: string | null;
  /** ISO date or partial date ("2014", "2014-03", "2014-03-04T00:00:00.000Z"). */
  releaseDate: string | null;
  format: string | null;
  /** Hardcover's `compilation` flag. */
  compilation: boolean | null;
}

export interface GapQuestion {
  scope: GapScope;
  /** YYYY-MM-DD: books released after it are upcoming. */
  today: string;
  options: GapOptions;
  owned: BookRecord[];
  records: ProviderRecord[];
}

export type NotGapKind =
  | 'omnibus'
  | 'split-part'
  | 'graphic-novel'
  | 'dramatized'
  | 'abridged'
  | 'summary'
  | 'study-guide'
  | 'young-readers'
  | 'unnumbered'
  | 'other-author'
  | 'language'
  | 'novella'
  | 'anthology'
  | 'backlist';

export type Verdict = 'owned' | 'missing' | 'upcoming' | 'not-a-gap';

/** One book of the scope as decided, with its evidence. */
export interface DecidedBook {
  verdict: Verdict;
  /** Why it is not a gap (verdict 'not-a-gap'). */
  kind: NotGapKind | null;
  /** Every provider record merged into this book. */
  refs: string[];
  title: string;
  authors: string[];
  /** Providers that list it. */
  providers: string[];
  /** Positions in the scope's series (series scope) or in any series (author scope), as the providers write them. */
  positions: { series: string; sequence: string }[];
  asins: string[];
  isbns: string[];
  /** Earliest release date of its records (YYYY-MM-DD, or a year / year-month as given), null when unknown. */
  releaseDate: string | null;
  /** 0–100: how sure the verdict is. */
  confidence: number;
  /** The verdict in words. */
  reasons: string[];
}
