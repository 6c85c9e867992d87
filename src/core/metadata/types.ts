/**
 * The shapes the metadata decision works on: a library item as Audiobookshelf holds it, the provider records found
 * for it, and the proposal (which records are this very book, and the value, source and confidence of each field).
 */

export type CandidateSource = 'audnexus' | 'hardcover' | 'googleBooks' | 'openLibrary';

export interface SeriesValue {
  name: string;
  /** Free text as given ("1", "Book 1", "2.5"); null when unnumbered. */
  sequence: string | null;
}

/** What the library holds after a scan (file tags, folder names) and perhaps an earlier match. */
export interface LibraryItem {
  title: string;
  subtitle: string | null;
  authors: string[];
  narrators: string[];
  series: SeriesValue[];
  asin: string | null;
  isbn: string | null;
  /** A string in ABS ("2013"). */
  publishedYear: string | null;
  /** Runtime of the files, when known. */
  durationMinutes: number | null;
  /** Free text: "English", "en", "eng". */
  language: string | null;
  publisher?: string | null;
  description?: string | null;
  coverUrl?: string | null;
}

/** One provider record. Fields a provider does not supply are null / []. */
export interface MetadataCandidate {
  /** "<source>:<id>", the same for the same record everywhere. */
  ref: string;
  source: CandidateSource;
  title: string;
  subtitle: string | null;
  authors: string[];
  narrators: string[];
  series: SeriesValue[];
  asin: string | null;
  isbn: string | null;
  /**
   * Audnexus: release year of the audiobook; Google Books: that edition's year; Open Library and Hardcover: the
   * first publication of the work.
   */
  publishedYear: number | null;
  durationMinutes: number | null;
  language: string | null;
  /** Audnexus formatType ("unabridged"/"abridged"), Google printType, Open Library physical format; else null. */
  format: string | null;
  publisher: string | null;
  /** Plain text: the integration layer converts HTML descriptions (providers/provider-utils htmlToText). */
  description?: string | null;
  coverUrl?: string | null;
}

/** The verdict on one candidate: is it this very book, and why (short machine-readable codes). */
export interface CandidateVerdict {
  ref: string;
  same: boolean;
  /** 0..1; same ⇒ ≥ 0.5. */
  score: number;
  reasons: string[];
}

export type FieldName =
  | 'title'
  | 'subtitle'
  | 'authors'
  | 'narrators'
  | 'series'
  | 'publishedYear'
  | 'asin'
  | 'isbn'
  | 'publisher'
  | 'description'
  | 'language'
  | 'cover';

export interface FieldValues {
  title: string;
  subtitle: string | null;
  authors: string[];
  narrators: string[];
  series: SeriesValue[];
  publishedYear: number;
  asin: string;
  isbn: string;
  publisher: string;
  description: string;
  /** ISO 639-1 ("en"). */
  language: string;
  cover: string;
}

export interface ProposedField<K extends FieldName = FieldName> {
  value: FieldValues[K];
  /** The ref of the record the value came from. */
  source: string;
  /** 0-100. */
  confidence: number;
}

export type ProposedFields = { [K in FieldName]?: ProposedField<K> };

export interface MetadataProposal {
  /** Refs of the candidates judged to be this very book. */
  match: string[];
  verdicts: CandidateVerdict[];
  /** Only the fields to change: a field left out is kept as the library has it. */
  fields: ProposedFields;
  /** Fields the library has and the matched records confirm. */
  confirmed: FieldName[];
  /** Quality 0-100 of the library's metadata now, and after applying `fields`. */
  quality: { current: number; proposed: number };
}
