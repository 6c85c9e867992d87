import { parseSequence } from './sequence.js';
import { normalizeText } from './text.js';

/**
 * Series names and "series + position" text. Library tags write the same series as "Stormlight Archive",
 * "The Stormlight Archive Series", "WoT" or "HP"; titles carry "(The Expanse, Book 1)", "Red Rising 3",
 * "Book One of The Riftwar Saga". A claim is a (series, position) pair read from any of those places.
 */

export interface SeriesClaim {
  /** Normalised name words, leading article and generic trailing words ("series", "saga") removed. */
  name: string[];
  /** Initials usable as an abbreviation ("wot", "hp"), with and without a leading article. */
  acronyms: string[];
  sequence: number | null;
}

const GENERIC_TAIL = new Set(['series', 'saga', 'sequence', 'cycle', 'books', 'novels']);

export function seriesWords(name: string): string[] {
  const words = normalizeText(name).split(' ').filter((w) => w !== '');
  const start = words.length > 1 && (words[0] === 'the' || words[0] === 'a' || words[0] === 'an') ? 1 : 0;
  let end = words.length;
  while (end - start > 1 && GENERIC_TAIL.has(words[end - 1]!)) end--;
  return words.slice(start, end);
}

function acronymsOf(name: string): string[] {
  const words = normalizeText(name).split(' ').filter((w) => w !== '' && !/^\d/.test(w));
  // "The Wheel of Time Series" is abbreviated "WoT": a generic tail word is not part of the initials.
  while (words.length > 2 && GENERIC_TAIL.has(words[words.length - 1]!)) words.pop();
  const out: string[] = [];
  if (words.length >= 2) out.push(words.map((w) => w[0]).join(''));
  if (words.length >= 3 && (words[0] === 'the' || words[0] === 'a')) out.push(words.slice(1).map((w) => w[0]).join(''));
  return out;
}

export function makeClaim(name: string, sequence: number | null): SeriesClaim | null {
  const words = seriesWords(name);
  if (words.length === 0) return null;
  return { name: words, acronyms: acronymsOf(name), sequence };
}

function containsRun(large: string[], small: string[]): boolean {
  outer: for (let i = 0; i + small.length <= large.length; i++) {
    for (let j = 0; j < small.length; j++) if (large[i + j] !== small[j]) continue outer;
    return true;
  }
  return false;
}

/**
 * Loose series-name equality: equal words, one name a contiguous part of the other ("Narnia" in
 * "The Chronicles of Narnia"), or one written as the other's initials ("WoT").
 */
export function seriesNamesMatch(a: SeriesClaim, b: SeriesClaim): boolean {
  const [small, large] = a.name.length <= b.name.length ? [a, b] : [b, a];
  if (containsRun(large.name, small.name)) return true;
  if (small.name.length === 1) {
    const w = small.name[0]!;
    if (w.length >= 2 && large.acronyms.includes(w)) return true;
  }
  if (large.name.length === 1) {
    const w = large.name[0]!;
    if (w.length >= 2 && small.acronyms.includes(w)) return true;
  }
  return false;
}

const NUM = String.raw`(\d{1,4}(?:\.\d+)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|[ivx]{1,5})`;
// "Harry Potter, Book 2", "Sherlock Holmes #1", "Saga Vol. 1", "One Piece v01", "Series, Vol 3"
const EXPLICIT_RE = new RegExp(String.raw`^(.+?)[,:]?\s+(?:book|bk\.?|volume|vol\.?|no\.?|number|#)\s*#?\s*${NUM}$`, 'i');
const V_RE = /^(.+?)[,:]?\s+v(\d{1,3})$/i;
const HASH_RE = /^(.+?)\s*#\s*(\d{1,4}(?:\.\d+)?)$/;
// "Book One of The Riftwar Saga", "Book Five of Warriors: The New Prophecy"
const BOOK_OF_RE = new RegExp(String.raw`^(?:book|volume|vol\.?)\s+${NUM}\s+(?:of|in)\s+(.+)$`, 'i');
// "Red Rising 3", "Expanse 03", "WoT 12", "The Dark Tower IV" (roman numerals only in capitals)
const BARE_RE = /^(.+?)[,:]?\s+(\d{1,3}(?:\.\d+)?)$/;
const BARE_ROMAN_RE = /^(.+?)[,:]?\s+([IVX]{1,5})$/;

export interface SegmentClaim {
  claim: SeriesClaim;
  /** How the number was introduced: a keyword ("Book 2", "#2", "v02"), a zero-padded bare number, or bare. */
  kind: 'explicit' | 'padded' | 'bare';
}

/** Reads "series + position" from a whole text segment, or null when the segment is not shaped like one. */
export function parseSeriesSegment(segment: string): SegmentClaim | null {
  const s = segment.trim();
  let m = BOOK_OF_RE.exec(s);
  if (m) return wrap(m[2]!, m[1]!, 'explicit');
  m = EXPLICIT_RE.exec(s) ?? HASH_RE.exec(s);
  if (m) return wrap(m[1]!, m[2]!, 'explicit');
  m = V_RE.exec(s);
  if (m) return wrap(m[1]!, m[2]!, 'explicit');
  m = BARE_RE.exec(s);
  if (m) return wrap(m[1]!, m[2]!, /^0\d/.test(m[2]!) ? 'padded' : 'bare');
  m = BARE_ROMAN_RE.exec(s);
  if (m) return wrap(m[1]!, m[2]!, 'bare');
  return null;
}

function wrap(name: string, seq: string, kind: SegmentClaim['kind']): SegmentClaim | null {
  if (!/\p{L}/u.test(name)) return null;
  const claim = makeClaim(name, parseSequence(seq));
  return claim ? { claim, kind } : null;
}
