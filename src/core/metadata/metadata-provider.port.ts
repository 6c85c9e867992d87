/**
 * One interface over the four metadata providers. Lookups answer null only when the provider says the book does not
 * exist (404 / zero hits); any failure (429, 5xx, timeout, drifted shape) throws an IntegrationError instead, so an
 * outage is never shown to a user as "no metadata found". Operations a provider cannot do are absent (optional).
 */
import type { BookRecord } from '../matching/types.js';

export type ProviderName = 'audnexus' | 'google-books' | 'open-library' | 'hardcover';

export interface SeriesRef {
  name: string;
  /** Free text as the provider gives it ("1", "1.5", "2, Dramatized Adaptation"); null when unnumbered. */
  sequence: string | null;
  /** The provider's own id of the series, when it has one. */
  providerId?: string;
}

/** A book as a provider describes it, already in the matcher's shape (BookRecord) plus what enrichment uses. */
export interface ProviderBook extends BookRecord {
  provider: ProviderName;
  /** ASIN (Audnexus), volume id (Google Books), work key "OL…W" (Open Library), book id (Hardcover). */
  providerId: string;
  subtitle: string | null;
  authors: string[];
  narrators: string[];
  series: SeriesRef[];
  asin: string | null;
  isbn: string | null;
  /** Plain text (HTML descriptions are converted). */
  description: string | null;
  publisher: string | null;
  publishedYear: number | null;
  /** ISO 639-1 when the provider states a language we recognise, else the provider's own value lower-cased. */
  language: string | null;
  durationMinutes: number | null;
  /** https URL of a cover image. */
  coverUrl: string | null;
  genres: string[];
  /**
   * Edition format when the provider states one: Audnexus formatType ("unabridged"/"abridged"), Google Books
   * printType, Open Library physical format. The metadata decision refuses an abridged edition by it.
   */
  format?: string | null;
}

export interface SeriesMember {
  /** Display position as given ("1", "1.5", "1-3"); null when the provider has none. */
  position: string | null;
  /** Numeric position for ordering, when the position starts with a number. */
  positionNumber: number | null;
  title: string;
  providerId: string;
  publishedYear: number | null;
}

export interface ProviderSeries {
  provider: ProviderName;
  providerId: string;
  name: string;
  /** Ordered by position; one entry per position (the provider's duplicates removed). */
  members: SeriesMember[];
}

export interface SearchQuery {
  title: string;
  author?: string;
  /** Upper bound on results (providers cap it further). */
  limit?: number;
}

export interface LookupOptions {
  /** Ignore the response cache (the fresh answer is cached again). */
  forceRefresh?: boolean;
}

export interface MetadataProvider {
  readonly name: ProviderName;
  search(query: SearchQuery, options?: LookupOptions): Promise<ProviderBook[]>;
  getByIsbn?(isbn: string, options?: LookupOptions): Promise<ProviderBook | null>;
  getByAsin?(asin: string, options?: LookupOptions): Promise<ProviderBook | null>;
  /** A series by the provider's id (as found in a book's `series[].providerId`). */
  getSeries?(seriesId: string, options?: LookupOptions): Promise<ProviderSeries | null>;
  /** Books credited to an author (as author, not narrator/translator), best known first. */
  getAuthorBooks?(author: string, options?: LookupOptions): Promise<ProviderBook[]>;
}
