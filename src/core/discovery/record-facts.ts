import { bookFacts, normalizeAsin, normalizeIsbn, parseSequence, sameSeriesName, type BookRecord, type ProductFlag } from '../matching/index.js';
import { languageCode } from './language.js';
import type { ProviderRecord } from './types.js';

/**
 * One provider record read for the gap decision: its product kinds, its series positions (ranges kept as ranges),
 * its language, its release date as a range of days, and a copy without identifiers for content comparison.
 */

export interface Position {
  kind: 'single' | 'decimal' | 'range';
  start: number;
  end: number;
}

export interface SeriesPositionClaim {
  /** Normalised series-name words. */
  name: string[];
  /** The provider's text for the position, when it came from the series field. */
  raw: string | null;
  position: Position | null;
}

export type RecordKind = ProductFlag | 'compilation' | 'study-guide' | 'adaptation';

export interface RecordFacts {
  record: ProviderRecord;
  /** Priority of the provider (lower is richer: Audible, Hardcover, Google Books, Open Library). */
  rank: number;
  kinds: Set<RecordKind>;
  claims: SeriesPositionClaim[];
  language: string | null;
  date: DateRange | null;
  asin: string | null;
  isbn: string | null;
  /** The record without identifiers: editions of one book carry different ASINs and ISBNs. */
  content: BookRecord;
}

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  start: string;
  end: string;
  raw: string;
}

const RANGE_RE = /(\d+(?:\.\d+)?)\s*(?:-|–|—|to|through|thru|&|and)\s*(\d+(?:\.\d+)?)/i;

/** "2" → single, "3.5" → decimal, "1-3" / "2.1-3.1" / "Books 1 to 8" → range, "Book Three" → single 3. */
export function parsePosition(raw: string | null | undefined): Position | null {
  if (raw == null || raw.trim() === '') return null;
  // "2,2": a decimal comma (Sunreach is Skyward 2.1, ReDawn 2.2), not position 2.
  const comma = /^\s*(\d+),(\d+)\s*$/.exec(raw);
  if (comma) return parsePosition(`${comma[1]}.${comma[2]}`);
  const range = RANGE_RE.exec(raw);
  if (range) {
    const start = Number(range[1]);
    const end = Number(range[2]);
    return { kind: 'range', start: Math.min(start, end), end: Math.max(start, end) };
  }
  const n = parseSequence(raw);
  if (n === null) return null;
  return { kind: Number.isInteger(n) ? 'single' : 'decimal', start: n, end: n };
}

export function positionOf(n: number | null): Position | null {
  if (n === null) return null;
  return { kind: Number.isInteger(n) ? 'single' : 'decimal', start: n, end: n };
}

const SOURCE_RANK: Record<string, number> = { audible: 0, audnexus: 0, hardcover: 1, googleBooks: 2, openLibrary: 3 };
const STUDY_GUIDE_RE = /\bspark ?notes\b|\bcliff'?s? ?notes\b|\blitcharts\b|\bgradesaver\b|\bliterature guide\b|\bstudy guide\b/i;
const SUMMARY_PUBLISHER_RE = /\b(?:quick ?read|instaread|bright summaries|summary|summaries)\b/i;
const FULL_CAST_RE = /\bfull[- ]cast\b|\bdramati[sz]/i;
const OMNIBUS_SUBTITLE_RE = /^(?:the\s+)?(?:[\p{L}'’-]+\s+){0,4}(?:trilogy|quartet|quintet|box(?:ed)? ?set|omnibus)$/iu;
const RADIO_RE = /\bradio (?:theat(?:re|er)|drama|play|4|adaptation)\b/i;

/** Kinds that make a record another product than the plain book. */
const SEPARATING: readonly RecordKind[] = [
  'abridged', 'dramatized', 'graphic', 'summary', 'young-readers', 'split-part', 'collection', 'study-guide', 'adaptation',
];

/** The product a record is, as one comparable string ("" for the plain book). */
export function productSignature(kinds: ReadonlySet<RecordKind>): string {
  return SEPARATING.filter((k) => kinds.has(k) || (k === 'summary' && kinds.has('study-guide'))).join(',');
}

/** Product kinds of a provider record or a library item: the matcher's flags and what the record's other fields say. */
export function kindsOf(book: BookRecord & { format?: string | null; compilation?: boolean | null }): Set<RecordKind> {
  const kinds = new Set<RecordKind>(bookFacts(book).kinds);
  const text = `${book.title} ${book.subtitle ?? ''}`;
  if (STUDY_GUIDE_RE.test(text) || book.authors.some((a) => STUDY_GUIDE_RE.test(a))) kinds.add('study-guide');
  if (book.authors.some((a) => SUMMARY_PUBLISHER_RE.test(a))) kinds.add('summary');
  if ((book.narrators ?? []).some((n) => FULL_CAST_RE.test(n)) || RADIO_RE.test(text)) kinds.add('dramatized');
  // Audible's format_type as the client maps it ("abridged"; "unabridged" is the plain book).
  if (book.format != null && /^abridged$/i.test(book.format.trim())) kinds.add('abridged');
  if (book.compilation === true || /\banthology\b/i.test(text)) kinds.add('compilation');
  if (isCreditedAdaptation(book)) kinds.add('adaptation');
  // "Remembrance of Earth's Past: The Three-Body Trilogy": a subtitle that is nothing but a set of books.
  if (OMNIBUS_SUBTITLE_RE.test((book.subtitle ?? '').trim())) kinds.add('collection');
  return kinds;
}

export function readRecord(record: ProviderRecord): RecordFacts {
  const facts = bookFacts(record);
  const kinds = kindsOf(record);

  const claims: SeriesPositionClaim[] = [];
  for (const s of record.series ?? []) {
    const words = facts.series.find((c) => sameSeriesName(c.name, s.name))?.name;
    if (!words) continue;
    claims.push({ name: words, raw: s.sequence, position: parsePosition(s.sequence) });
  }
  for (const c of facts.series) {
    if (claims.some((x) => x.name.join(' ') === c.name.join(' ') && x.position !== null)) continue;
    claims.push({ name: c.name, raw: null, position: positionOf(c.sequence) });
  }
  for (const c of claims) if (c.position?.kind === 'range') kinds.add('collection');

  return {
    record,
    rank: SOURCE_RANK[record.source] ?? 2,
    kinds,
    claims,
    language: languageCode(record.language),
    date: parseDate(record.releaseDate),
    asin: normalizeAsin(record.asin),
    isbn: normalizeIsbn(record.isbn),
    content: { ...record, asin: null, isbn: null },
  };
}

/**
 * "Neil Gaiman's Neverwhere" credited to Mike Carey, Glenn Fabry and Neil Gaiman: a title that opens with a credited
 * author's name in the possessive, on a record that credits others too, is someone's adaptation of (or companion to)
 * that author's work, not the work itself.
 */
function isCreditedAdaptation(record: BookRecord): boolean {
  if (record.authors.length < 2) return false;
  const m = /^(.+?)['’]s\s+\S/i.exec(record.title);
  if (!m) return false;
  const owner = m[1]!.trim();
  return owner.split(/\s+/).length >= 2 && record.authors.some((a) => sameName(a, owner)) && !record.authors.every((a) => sameName(a, owner));
}

function sameName(a: string, b: string): boolean {
  const fold = (s: string) => s.toLowerCase().replace(/[^a-z]/g, '');
  return fold(a) === fold(b);
}

const PLACEHOLDER_YEAR = 2200;

/** A release date as the range of days it may mean: "2014" → 2014-01-01..2014-12-31; Audible's 2200-01-01 → the far future. */
export function parseDate(raw: string | null | undefined): DateRange | null {
  if (raw == null) return null;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(raw.trim());
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 1000) return null;
  // Audible's "unknown" (2200-01-01) is an announced book without a date: after any today.
  if (year >= PLACEHOLDER_YEAR) return { start: '9999-12-31', end: '9999-12-31', raw };
  const y = m[1]!;
  if (m[3]) return { start: `${y}-${m[2]}-${m[3]}`, end: `${y}-${m[2]}-${m[3]}`, raw };
  if (m[2]) {
    const last = new Date(Date.UTC(year, Number(m[2]), 0)).getUTCDate();
    return { start: `${y}-${m[2]}-01`, end: `${y}-${m[2]}-${String(last).padStart(2, '0')}`, raw };
  }
  return { start: `${y}-01-01`, end: `${y}-12-31`, raw };
}
