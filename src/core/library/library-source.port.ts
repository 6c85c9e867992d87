/**
 * What the library sync reads from Audiobookshelf. Shaped so that the ABS client (src/integrations/abs) satisfies it
 * as it is: the domain names only the fields it mirrors and never imports the client.
 */

export interface SourceLibrary {
  id: string;
  name: string;
  mediaType: 'book' | 'podcast';
}

export interface SourceSeriesEntry {
  name: string;
  sequence: string | null;
}

/** A list element (ABS's minified shape): enough to tell whether the item changed since the last sync. */
export interface SourceSummary {
  id: string;
  libraryId: string;
  path: string;
  title: string;
  subtitle: string | null;
  authorNames: string[];
  narratorNames: string[];
  series: SourceSeriesEntry[];
  publishedYear: string | null;
  asin: string | null;
  isbn: string | null;
  durationSec: number;
  sizeBytes: number;
  addedAt: Date;
  updatedAt: Date;
  isMissing: boolean;
}

/** A book with structured (id-carrying) authors and series: what gets written to the mirror. */
export interface SourceBook {
  id: string;
  libraryId: string;
  path: string;
  title: string;
  subtitle: string | null;
  authors: Array<{ id: string; name: string }>;
  narrators: string[];
  series: Array<{ id: string; name: string; sequence: string | null }>;
  genres: string[];
  publishedYear: string | null;
  publisher: string | null;
  description: string | null;
  isbn: string | null;
  asin: string | null;
  language: string | null;
  durationSec: number;
  sizeBytes: number | null;
  addedAt: Date;
  updatedAt: Date;
  isMissing: boolean;
}

export interface LibrarySource {
  libraries(): Promise<SourceLibrary[]>;
  /** One page (0-based) of a library's items in list order. */
  listItems(libraryId: string, options: { page: number; limit: number }): Promise<{ items: SourceSummary[]; total: number }>;
  /** Several items with structured authors and series; unknown ids are left out. */
  getItems(itemIds: readonly string[]): Promise<SourceBook[]>;
  /** One item; null when ABS does not know the id (deleted). */
  getItem(itemId: string): Promise<SourceBook | null>;
}
