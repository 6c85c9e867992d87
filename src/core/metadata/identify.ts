import { compareBooks, normalizeAsin, normalizeIsbn, type BookRecord, type MatchResult } from '../matching/index.js';
import type { CandidateVerdict, LibraryItem, MetadataCandidate } from './types.js';

/**
 * Which candidates are this very book. Identifiers first (the same ASIN or ISBN on both sides decides; different
 * ones do not refuse, as an ISBN names one edition and an ASIN one audio release), then what
 * makes a record another product whatever its title says (another language, an abridged edition, a runtime outside
 * max(2 %, 3 min) of the item's), then the matcher (compareBooks: titles, credited authors, series positions, product
 * kinds such as adaptations, box sets, split parts and summaries).
 */

const ENGLISH = new Set(['en', 'eng', 'english', 'en-us', 'en-gb', 'en_us', 'en_gb']);

export function isEnglish(language: string | null | undefined): boolean {
  return language == null || language.trim() === '' || ENGLISH.has(language.trim().toLowerCase());
}

/** max(2 %, 3 min) of the longer runtime. */
export function durationTolerance(minutes: number): number {
  return Math.max(0.02 * minutes, 3);
}

export function durationsAgree(a: number | null, b: number | null): boolean | null {
  if (a === null || b === null) return null;
  return Math.abs(a - b) <= durationTolerance(Math.max(a, b));
}

export function itemRecord(item: LibraryItem): BookRecord {
  return {
    title: item.title,
    subtitle: item.subtitle,
    authors: item.authors,
    narrators: item.narrators,
    series: item.series,
    asin: item.asin,
    isbn: item.isbn,
  };
}

export function candidateRecord(c: MetadataCandidate): BookRecord {
  return {
    title: c.title,
    subtitle: c.subtitle,
    authors: c.authors,
    narrators: c.narrators,
    series: c.series,
    asin: c.asin,
    isbn: c.isbn,
  };
}

/** The verdict on one candidate against the library item alone. */
export function judgeCandidate(item: LibraryItem, c: MetadataCandidate): CandidateVerdict {
  const byId = identifierMatch(itemRecord(item), candidateRecord(c));
  if (byId !== null) return { ref: c.ref, same: true, score: 1, reasons: [byId] };
  const refuse = (reason: string): CandidateVerdict => ({ ref: c.ref, same: false, score: 0, reasons: [reason] });
  if (!isEnglish(c.language)) return refuse(`other-language:${c.language}`);
  if (c.format !== null && /(?<!un)abridged/i.test(c.format)) return refuse('product-differs:abridged');
  const runtime = durationsAgree(item.durationMinutes, c.durationMinutes);
  if (runtime === false) return refuse(`duration-differs:${item.durationMinutes}/${c.durationMinutes}`);
  const result = compareRecords(itemRecord(item), candidateRecord(c));
  const reasons = [...result.reasons];
  if (runtime === true) reasons.push('duration-agrees');
  return { ref: c.ref, same: result.same, score: result.score, reasons };
}

/**
 * compareBooks with identifiers that only decide when equal: the same ASIN or ISBN is the same book, but an ISBN
 * names one edition and an ASIN one audio release, so other ones do not make another book — the rest decides.
 */
export function compareRecords(a: BookRecord, b: BookRecord): MatchResult {
  const byId = identifierMatch(a, b);
  if (byId !== null) return { same: true, score: 1, reasons: [byId] };
  return compareBooks({ ...a, asin: null, isbn: null }, { ...b, asin: null, isbn: null });
}

/** 'asin-equal' / 'isbn-equal' when both records carry the same identifier, else null. */
function identifierMatch(a: BookRecord, b: BookRecord): string | null {
  const asin = normalizeAsin(a.asin);
  if (asin !== null && asin === normalizeAsin(b.asin)) return 'asin-equal';
  const isbn = normalizeIsbn(a.isbn);
  if (isbn !== null && isbn === normalizeIsbn(b.isbn)) return 'isbn-equal';
  return null;
}
