import { cleanTitle, colonParts, isEditionOnly, isNoise, isPartOnly, parseSeriesSegment, parseSequence, splitAuthors, subtitleLike } from '../matching/index.js';
import { textKey } from './field-equality.js';
import type { SeriesValue } from './types.js';

/**
 * Display values out of provider text: a title without series text, "(Unabridged)", edition words or a fused
 * subtitle; series text read out of subtitles ("The Expanse, Book 3", "Book One of The Riftwar Saga"); positions
 * as plain numbers ("Book 5" → "5"). What is series text and what is noise is the matcher's reading (cleanTitle,
 * parseSeriesSegment, isNoise, isEditionOnly); this file only keeps the words as written.
 */

// A short segment ending in "Edition"/"Version" ("Full-Color Collector's Edition", "The Tenth Anniversary Edition").
const EDITION_PHRASE_RE = /^(?:\S+\s+){0,4}(?:edition|version)$/i;

/**
 * Is the segment series text, scanner noise, edition wording or a part marker rather than title words? Series text
 * is "Book N of …", or "… Book N" naming one of `seriesNames` (the record's own series): "Part 1 Volume 2" of a
 * light novel is the title's own.
 */
function notTitleWords(segment: string, seriesNames: readonly string[] | null): boolean {
  const s = segment.trim();
  if (s === '' || isNoise(s) || isEditionOnly(s) || isPartOnly(s) || EDITION_PHRASE_RE.test(s)) return true;
  const sc = parseSeriesSegment(s);
  if (sc === null || sc.kind !== 'explicit') return false;
  if (seriesNames === null || /^(?:book|volume|vol\.?)\s+\S+\s+(?:of|in)\s/i.test(s)) return true;
  const named = textKey(seriesFromText(s)?.name);
  return named !== '' && seriesNames.some((n) => ` ${textKey(n)} `.includes(` ${named} `) || ` ${named} `.includes(` ${textKey(n)} `));
}

export interface CleanTitle {
  title: string;
  /** A subtitle that was fused into the title ("Dark Matter: A Novel"), when `splitFused`. */
  fusedSubtitle: string | null;
}

/**
 * "Golden Son (Red Rising Saga, Book 2) (Unabridged)" → "Golden Son"; "Dune: Deluxe Edition" → "Dune";
 * with `splitFused`, "Sapiens: A Brief History of Humankind" → "Sapiens" + subtitle.
 */
export function cleanBookTitle(raw: string, splitFused = false, seriesNames: readonly string[] = []): CleanTitle {
  const { text } = cleanTitle(raw);
  const parts = colonParts(text).filter((p) => !notTitleWords(p, seriesNames));
  if (parts.length === 0) return { title: text.trim() || raw.trim(), fusedSubtitle: null };
  const [head, ...rest] = parts as [string, ...string[]];
  if (splitFused && rest.length > 0 && /\p{L}/u.test(head) && subtitleLike(rest[0]!)) {
    return { title: head, fusedSubtitle: rest.join(': ') };
  }
  // Nothing dropped: the title as written (its own colon, "; or," alternatives), only a sorted article moved.
  const all = colonParts(text);
  if (parts.length === all.length) return { title: all.length === 1 ? head : text, fusedSubtitle: null };
  return { title: parts.join(': '), fusedSubtitle: null };
}

/** A subtitle as the book's own, or null when it is series text, edition wording, noise or a part marker. */
export function cleanSubtitle(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const { text } = cleanTitle(raw);
  if (text === '' || notTitleWords(text, null)) return null;
  return text;
}

const NUMBER = String.raw`(\d{1,4}(?:[.,]\d+)?|[a-z]+(?:[\s-][a-z]+)?|[ivxlc]{1,6})`;
const NAME_BOOK_RE = new RegExp(String.raw`^(.+?)[,:]?\s+(?:book|volume|vol\.?|no\.?|number|#)\s*#?\s*${NUMBER}$`, 'i');
const BOOK_OF_RE = new RegExp(String.raw`^(?:book|volume|vol\.?)\s+${NUMBER}\s+(?:of|in)\s+(.+)$`, 'i');

/** A subtitle that is only series text ("The Expanse, Book 3", "Book One of The Riftwar Saga") as a series. */
export function seriesFromText(raw: string | null | undefined): SeriesValue | null {
  if (raw == null) return null;
  const text = cleanTitle(raw).text;
  const sc = parseSeriesSegment(text);
  if (sc === null || sc.kind !== 'explicit' || sc.claim.sequence === null) return null;
  let m = BOOK_OF_RE.exec(text);
  if (m) return { name: m[2]!.trim(), sequence: cleanSequence(m[1]!) };
  m = NAME_BOOK_RE.exec(text);
  if (m) return { name: m[1]!.trim(), sequence: cleanSequence(m[2]!) };
  return null;
}

/** "Book 5" → "5", "01" → "1", "Book One" → "1", "2,5" → "2.5"; text that is more than a position stays as it is. */
export function cleanSequence(seq: string | null | undefined): string | null {
  if (seq == null || seq.trim() === '') return null;
  const s = seq.trim().replace(/(\d),(\d)/g, '$1.$2');
  if (!/^(?:(?:book|volume|vol\.?|no\.?|number|part|#)\s*)?#?\s*(?:\d+(?:\.\d+)?|[ivxlc]+|[a-z]+(?:[\s-][a-z]+)?)$/i.test(s)) return s;
  const n = parseSequence(s);
  return n === null ? s : String(n);
}

/** Credited names only, "First Last": narrators/translators by role dropped, "Le Guin, Ursula K." turned round. */
export function cleanPersonNames(names: readonly string[]): string[] {
  const out: string[] = [];
  for (const n of splitAuthors([...names])) {
    const parts = n.split(',').map((p) => p.trim()).filter((p) => p !== '');
    const suffix = parts.length === 2 && /^(?:jr|sr|ii|iii|iv|phd)\.?$/i.test(parts[1]!);
    const name = parts.length === 2 && !suffix ? `${parts[1]} ${parts[0]}` : n.trim();
    if (name !== '' && !out.includes(name)) out.push(name);
  }
  return out;
}
