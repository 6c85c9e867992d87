/**
 * Domain types of release selection: the wanted book, an indexer result (normalised from Prowlarr or
 * MyAnonamouse), what a release name says about itself, and the decision with its reasons.
 */

/** The book the user asked for, as the library/metadata side knows it. */
export interface WantedBook {
  title: string;
  subtitle?: string | null;
  authors: string[];
  series: { name: string; sequence: string | null }[];
  /** Approximate unabridged runtime; null when unknown (then size plausibility is checked loosely). */
  durationMinutes: number | null;
  /** ISO 639-1 code of the wanted edition, when the request pins one (else the preferences decide). */
  language?: string | null;
}

export type Protocol = 'torrent' | 'usenet' | 'unknown';

/**
 * One search result, whatever indexer it came from. MyAnonamouse keeps three distinct flags:
 * `freeleech` (free for everyone), `vip` (a VIP torrent: free for VIP members only, and no wedge can be
 * spent on it) and `personalFreeleech` (this user already spent a wedge on it).
 */
export interface IndexerResult {
  guid: string;
  title: string;
  sizeBytes: number;
  seeders: number | null;
  leechers: number | null;
  /** Newznab ids (3030 Audio/Audiobook, 7020 Books/EBook, …); tracker-specific ids are 100000 + id. */
  categories: number[];
  indexer: string;
  indexerId?: number;
  protocol: Protocol;
  freeleech: boolean;
  vip: boolean;
  personalFreeleech: boolean;
  /** ISO 639-1 code when the indexer states it (MAM `lang_code`), else null. */
  language: string | null;
  publishDate: string | null;
  infoUrl: string | null;
  /** Credential-bearing (Prowlarr proxy link with apikey, MAM dl token): never log it or put it in a reason. */
  downloadUrl?: string;
}

/** Audio formats that matter to the preference order; anything else audio is `other`. */
export type AudioFormat = 'm4b' | 'm4a' | 'mp3' | 'flac' | 'other';
export type EbookFormat = 'epub' | 'mobi' | 'azw3' | 'azw' | 'pdf' | 'cbz' | 'cbr' | 'djvu' | 'fb2' | 'lit';

export type CollectionKind = 'range' | 'box-set' | 'omnibus' | 'collection' | 'complete' | 'trilogy';

/** What a release name says about itself, read without knowing which book was wanted. */
export interface ParsedReleaseName {
  raw: string;
  /** Title-ish text segments left once every recognised marker is removed (author segments included). */
  segments: string[];
  authors: string[];
  title: string | null;
  series: { name: string; sequence: string | null } | null;
  /** The free-text segment the series came from ("Harry Potter 01"), so it is not read as a title. */
  seriesSegment: string | null;
  narrators: string[];
  /** The audio format stated in the name, or null when none is stated (ranks as "other"). */
  format: AudioFormat | null;
  /** The audio format word as written ("OGG", "m4b"), for reasons. */
  formatLabel: string | null;
  ebookFormats: EbookFormat[];
  bitrateKbps: number | null;
  year: number | null;
  asin: string | null;
  /** ISO 639-1 code stated or implied by a marker ("[German]", "Hörbuch", "[ENG / M4B]"), else null. */
  language: string | null;
  languageMarker: string | null;
  unabridged: boolean;
  abridged: boolean;
  dramatized: string | null;
  sample: string | null;
  collection: { kind: CollectionKind; marker: string } | null;
  part: { marker: string; whole: boolean } | null;
  summary: string | null;
  graphicNovel: string | null;
  /** A rewrite of the book for another audience ("Young Adult Adaptation", "Young Readers Edition"). */
  adaptation: string | null;
}

export type RefusalCode =
  | 'non-audio-category'
  | 'ebook'
  | 'graphic-novel'
  | 'summary'
  | 'adaptation'
  | 'sample'
  | 'too-small'
  | 'too-large'
  | 'partial'
  | 'box-set'
  | 'abridged'
  | 'dramatized'
  | 'language'
  | 'different-book'
  | 'different-author'
  | 'seeders';

export interface Refusal {
  code: RefusalCode;
  /** Short, human, shown on Discord: "different book: Ready Player Two", "0 seeders". */
  reason: string;
}

/** How one result was judged against the wanted book. */
export interface ReleaseJudgement {
  result: IndexerResult;
  parsed: ParsedReleaseName;
  refusal: Refusal | null;
  /** Size per hour in MiB when the wanted duration is known, else null. */
  mibPerHour: number | null;
  /** Whether this result costs no ratio for this user (freeleech, personal freeleech, VIP when VIP counts). */
  free: boolean;
  /** Why the release is taken for the wanted book ("title and author match", "same series position"). */
  identity: string | null;
}

export interface WedgeDecision {
  spend: boolean;
  reason: string;
}

/** The outcome of one search: the pick (if any), every acceptable result in preference order, and the refused. */
export interface ReleaseDecision {
  best: ReleaseJudgement | null;
  /** Why the pick won, or why nothing was picked. */
  summary: string;
  acceptable: ReleaseJudgement[];
  refused: ReleaseJudgement[];
  /** MyAnonamouse only: whether to spend a freeleech wedge on the pick; null when not applicable. */
  wedge: WedgeDecision | null;
}
