import { parseContributors, parsePersons, samePerson, toPerson, type Person } from './author.js';
import {
  detectFlags,
  detectTitleFlags,
  hasAdaptationCue,
  isEditionOnly,
  isNoise,
  isPartOnly,
  isSummaryAuthor,
  type ProductFlag,
} from './flags.js';
import { normalizeAsin, normalizeIsbn } from './identifiers.js';
import { parseSequence } from './sequence.js';
import { makeClaim, parseSeriesSegment, seriesNamesMatch, type SeriesClaim } from './series.js';
import { cleanTitle, colonParts, dashSegments, keysFromParts, looseKey, seriesTailKey, titleKey } from './title.js';
import type { BookRecord } from './types.js';

/**
 * A book record analysed for comparison, in two stages. `analyzeBook` does everything that does not depend
 * on the other record (cached by the owned index); `resolveTitle` reads the title in the light of what both
 * records know: which names are authors ("Stephen King - Carrie") and which are series ("WoT 02").
 */
export interface BookAnalysis {
  asin: string | null;
  isbn: string | null;
  persons: Person[];
  flags: Set<ProductFlag>;
  /** Dash segments of the cleaned title. */
  segments: string[];
  /** Series claims from the series field, bracketed suffixes and a series-suffix subtitle. */
  claims: SeriesClaim[];
  /** The subtitle when it is a real subtitle (not a series suffix, edition or product marker). */
  subtitle: string | null;
  /**
   * Signs of an adaptation or illustrated version: wording in the title, subtitle or series ("The Graphic Novel",
   * "Adapted by", "An Illustrated Retelling") or an adapter credit, and the illustrators/adapters credited by role.
   */
  adaptation: { cue: boolean; contributors: Person[] };
}

export interface ResolvedTitle {
  /** Every comparable reading of the title (see title.ts keysFromParts). */
  keys: Set<string>;
  /** The same readings without articles and "of"; only trusted together with agreeing authors. */
  looseKeys: Set<string>;
  /** The reading of all kept title parts, without the subtitle; equal `full` on both sides is a strong match. */
  full: string;
  /** Claims read from the title's own segments ("Expanse 01 - …", "… - Red Rising 3"). */
  claims: SeriesClaim[];
  /** Set when the title is nothing but a series and a position ("Harry Potter, Book 3", "WoT 02"). */
  seriesOnly: SeriesClaim | null;
  flags: Set<ProductFlag>;
}

export interface Context {
  series: SeriesClaim[];
  persons: Person[];
}

export function analyzeBook(book: BookRecord): BookAnalysis {
  const flags = new Set<ProductFlag>();
  const persons = parsePersons(book.authors ?? []);
  if ((book.authors ?? []).some(isSummaryAuthor)) flags.add('summary');
  const { text, brackets } = cleanTitle(book.title ?? '');
  detectFlags(book.title ?? '', flags);
  const claims: SeriesClaim[] = [];
  for (const s of book.series ?? []) {
    detectFlags(`${s.name} ${s.sequence ?? ''}`, flags);
    const c = makeClaim(s.name, parseSequence(s.sequence));
    if (c) claims.push(c);
  }
  let bracketAsin: string | null = null;
  for (const b of brackets) {
    // Folder names often carry the ASIN: "Title [B08G9PRS1K]", "{ASIN.B08G9PRS1K}".
    const asin = /^(?:asin[.:\s]*)?(B0[A-Z0-9]{8})$/i.exec(b);
    if (asin) bracketAsin = asin[1]!.toUpperCase();
    // "(1 of 2)": the library item holds one part of a split audiobook.
    if (/^\d+\s+of\s+\d+$/.test(b)) flags.add('split-part');
    const sc = isNoise(b, true) ? null : parseSeriesSegment(b);
    if (sc && sc.kind === 'explicit') claims.push(sc.claim);
  }
  let subtitle: string | null = null;
  const rawSub = (book.subtitle ?? '').trim();
  if (rawSub !== '') {
    const before = flags.size;
    detectFlags(rawSub, flags);
    const cleanedSub = cleanTitle(rawSub).text;
    const sc = parseSeriesSegment(cleanedSub);
    if (sc && sc.kind === 'explicit') claims.push(sc.claim);
    else if (flags.size === before && !isEditionOnly(cleanedSub) && !isPartOnly(cleanedSub) && !isNoise(cleanedSub)) {
      subtitle = cleanedSub;
    }
    if (isPartOnly(cleanedSub)) flags.add('split-part');
  }
  // "01. Title", "3) Title": a track number glued to the title.
  const segments = dashSegments(text.replace(/^(?:book\s+)?\d{1,3}[.)]\s+(?=\p{L})/iu, ''));
  // Folder-style series segments ("Expanse 01 - …", "… - Book 2 of X") tell which series the record is in,
  // even before the other record is known.
  if (segments.length > 1) {
    for (const seg of segments) {
      const sc = parseSeriesSegment(seg);
      if (sc && sc.kind !== 'bare') claims.push(sc.claim);
    }
  }
  const contributors = parseContributors(book.authors ?? []);
  const cueTexts = [book.title ?? '', book.subtitle ?? '', ...(book.series ?? []).map((s) => s.name)];
  return {
    asin: normalizeAsin(book.asin) ?? bracketAsin,
    isbn: normalizeIsbn(book.isbn),
    persons,
    flags,
    segments,
    claims,
    subtitle,
    adaptation: { cue: contributors.adapter || cueTexts.some(hasAdaptationCue), contributors: contributors.persons },
  };
}

const YEAR_SEGMENT_RE = /^(?:1[89]|20)\d\d$/;
const TRACK_RE = /^(?:book|bk\.?|vol\.?|volume|no\.?|part|#)?\s*#?\d{1,3}(?:\.\d+)?$/i;

function isSeriesPrefix(text: string, ctx: Context): boolean {
  const c = makeClaim(text, null);
  if (!c) return false;
  return ctx.series.some((s) => seriesNamesMatch(c, s) && (c.name.length <= s.name.length || s.name.length === 0));
}

/** Does the record itself say it is book 1 of the series named `text`? */
function opensSeries(text: string, claims: readonly SeriesClaim[]): boolean {
  const c = makeClaim(text, null);
  return c !== null && claims.some((own) => own.sequence === 1 && seriesNamesMatch(c, own) && c.name.length === own.name.length);
}

function isKnownSeries(claim: SeriesClaim, ctx: Context): boolean {
  return ctx.series.some((s) => seriesNamesMatch(claim, s));
}

function isAuthorSegment(seg: string, ctx: Context): boolean {
  if (/\d/.test(seg)) return false;
  const words = seg.split(/\s+/).length;
  if (words < 2 || words > 6) return false;
  const p = toPerson(seg);
  return p !== null && ctx.persons.some((q) => samePerson(p, q) && p.given !== '');
}

/**
 * "Project Hail Mary by Andy Weir", "The Screwtape Letters / C.S. Lewis" (Open Library) → the title alone, when the
 * name is an author of either record.
 */
function stripByAuthor(seg: string, ctx: Context): string {
  const m = /^(.+?)\s+(?:by|\/)\s+(.+)$/i.exec(seg);
  return m && isAuthorSegment(m[2]!, ctx) ? m[1]! : seg;
}

// "… - Read by Ray Porter", "Project Hail Mary, narrated by Ray Porter": a narrator credit, whoever is named.
const NARRATOR_CREDIT_RE = /^(.*?\S)?[\s,(-]*\b(?:read|narrated|performed)\s+by\s+\p{L}[^:]*$/iu;

/** The segment without a trailing narrator credit; '' when the segment is nothing but one. */
function stripNarratorCredit(seg: string): string {
  if (!/\b(?:read|narrated|performed)\s+by\b/i.test(seg)) return seg;
  const m = NARRATOR_CREDIT_RE.exec(seg);
  return m ? (m[1] ?? '') : seg;
}

/** Reads the title with what both records know. */
export function resolveTitle(a: BookAnalysis, ctx: Context): ResolvedTitle {
  const flags = new Set<ProductFlag>();
  const claims: SeriesClaim[] = [];
  const segs = a.segments;
  const kept: string[] = [];
  const allParts: string[] = [];
  let lastSeriesSeg: string | null = null;
  const years: string[] = [];
  // Positions dropped from the title with a keyword or zero padding ("KonoSuba Vol. 1 - …", ", Vol. 1").
  const droppedPositions: SeriesClaim[] = [];
  segs.forEach((original, i) => {
    let seg = stripNarratorCredit(original);
    if (seg === '') return;
    if (segs.length === 1) {
      seg = stripByAuthor(seg, ctx);
      kept.push(seg);
      allParts.push(seg);
      return;
    }
    if (isNoise(seg) || isEditionOnly(seg)) return;
    if (isPartOnly(seg) || /^part\s+\S+\s+of\s+\S+$/i.test(seg)) {
      flags.add('split-part');
      return;
    }
    if (TRACK_RE.test(seg)) return;
    // "Andy Weir - 2021 - Project Hail Mary": a bare year between other segments is a date, not the title; it stays
    // in the reading of all parts ("2010 - Odyssey Two" still meets "2010: Odyssey Two").
    if (YEAR_SEGMENT_RE.test(seg)) {
      years.push(seg);
      allParts.push(seg);
      return;
    }
    if (isAuthorSegment(seg, ctx)) return;
    seg = stripByAuthor(seg, ctx);
    const sc = parseSeriesSegment(seg);
    if (sc) {
      const last = i === segs.length - 1;
      if (sc.kind !== 'bare' || isKnownSeries(sc.claim, ctx) || last) {
        claims.push(sc.claim);
        if (sc.kind !== 'bare') droppedPositions.push(sc.claim);
        allParts.push(seg);
        lastSeriesSeg = seg;
        return;
      }
    }
    kept.push(seg);
    allParts.push(seg);
  });
  // Everything was a series segment ("Expanse 03 - Book 3"): the title is that series segment.
  if (kept.length === 0 && lastSeriesSeg !== null) kept.push(lastSeriesSeg);
  // Nothing but a year and authors ("1984 - George Orwell"): the year is the title.
  if (kept.length === 0) kept.push(...years);

  const parts: string[] = [];
  for (const seg of kept) {
    const cps = colonParts(seg);
    cps.forEach((p, j) => {
      if (isNoise(p) || isEditionOnly(p)) return;
      if (isPartOnly(p)) {
        flags.add('split-part');
        return;
      }
      if (cps.length > 1) {
        const sc = parseSeriesSegment(p);
        // "…: Harry Potter, Book 2" after the title; "The Dark Tower I: …" before it when the series is known.
        if (sc && ((sc.kind === 'explicit' && j > 0) || isKnownSeries(sc.claim, ctx))) {
          claims.push(sc.claim);
          droppedPositions.push(sc.claim);
          return;
        }
      }
      parts.push(p);
    });
  }
  detectTitleFlags(parts.join(': '), flags);

  let seriesOnly: SeriesClaim | null = null;
  if (parts.length === 1) {
    const sc = parseSeriesSegment(parts[0]!);
    if (sc && sc.claim.sequence !== null && (sc.kind === 'explicit' || isKnownSeries(sc.claim, ctx))) {
      seriesOnly = sc.claim;
    } else {
      // "Konosuba: God's Blessing on This Wonderful World!, Vol. 1": what is left is just the series name.
      const rest = makeClaim(parts[0]!, null);
      const pos = droppedPositions.find((c) => c.sequence !== null);
      // Not when the rest lies within the name of the series the position came with ("Star Wars: Thrawn 01 -
      // Thrawn"): that is a book named after its own series, with a title of its own.
      if (rest && pos && isSeriesPrefix(parts[0]!, ctx) && !seriesNamesMatch(rest, pos)) seriesOnly = { ...rest, sequence: pos.sequence };
    }
  }

  const keys = new Set<string>();
  // A series' first book often carries the series' name ("Dungeon Crawler Carl: A LitRPG Adventure" is book 1 of
  // Dungeon Crawler Carl): before a subtitle, the name of a series the record opens is read as its title too.
  const isSeriesName = (t: string) => isSeriesPrefix(t, ctx) && !opensSeries(t, a.claims);
  keysFromParts(parts, isSeriesName, keys, (t) => isSeriesPrefix(t, ctx));
  const full = titleKey(parts.join(' '));
  if (allParts.length > kept.length) {
    const all = titleKey(allParts.join(' '));
    if (all !== '') keys.add(all);
  }
  if (a.subtitle !== null) {
    const withSub = titleKey(`${parts.join(' ')} ${a.subtitle}`);
    if (withSub !== '') keys.add(withSub);
    if (seriesOnly) {
      const sub = titleKey(a.subtitle);
      if (sub !== '') keys.add(sub);
    }
  }
  const names = ctx.series.map((c) => c.name);
  for (const k of [...keys]) {
    const tail = seriesTailKey(k, names);
    if (tail !== null) keys.add(tail);
  }
  const looseKeys = new Set<string>();
  for (const k of keys) {
    const l = looseKey(k);
    if (l !== '') looseKeys.add(l);
  }
  return { keys, looseKeys, full, claims, seriesOnly, flags };
}

/** Context of a comparison: the series and people either record mentions. */
export function contextOf(a: BookAnalysis, b: BookAnalysis): Context {
  return { series: [...a.claims, ...b.claims], persons: [...a.persons, ...b.persons] };
}
