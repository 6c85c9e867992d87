import { EDITION_NOISE } from './edition-markers.js';
import { FORMAT_NOISE } from './format-markers.js';
import { LANGUAGE_NOISE } from './language-markers.js';
import { PART_NOISE } from './collection-markers.js';

/**
 * Who and what a release name names: authors, title, series and position, narrators, year, ASIN.
 * Read without knowing the wanted book, so it is a best guess; the wanted-book check (book-identity.ts)
 * re-reads the same segments with the wanted authors in hand.
 */
export interface NameStructure {
  segments: string[];
  byClause: { title: string; authors: string[] } | null;
  authors: string[];
  title: string | null;
  series: { name: string; sequence: string | null } | null;
  seriesSegment: string | null;
  narrators: string[];
  year: number | null;
  asin: string | null;
}

const YEAR = /^(1[5-9]\d\d|20\d\d)$/;
const ASIN = /^asin[.:\s-]?([a-z0-9]{10})$/i;
const NARRATOR = /^(?:read|narrated|performed)\s+by\s+(.+)$/i;
const SERIES_GROUP = /^(.+?),?\s+(?:#\s*|book\s+|bk\.?\s*|vol(?:ume)?\.?\s*|no\.?\s*)(\d+(?:\.\d+)?)$/i;
const SERIES_GROUP_BOOK_OF = /^book\s+(\d+(?:\.\d+)?)\s+(?:of|in)\s+(?:the\s+)?(.+)$/i;
const SERIES_SEGMENT = /^(.+?)\s+(?:#\s*|book\s+|vol(?:ume)?\.?\s*)?(\d{1,3}(?:\.\d+)?)$/i;
const BY = /\s+by\s+/gi;
const LAST_FIRST = /^([\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}][\p{L}'’-]+)?),\s*((?:[\p{Lu}][\p{L}'’-]*\.?\s*){1,3})$/u;
const NAME_WORD = /^(?:[\p{Lu}][\p{L}'’-]*\.?|(?:[\p{Lu}]\.){1,3}|de|van|von|der|den|le|la|du|da|di|del|bin|al|st\.?)$/u;
const STOP_WORDS = new Set(['the', 'of', 'and', 'a', 'an', 'in', 'on', 'to', 'for', 'with', 'at', 'from', 'my', 'is']);

export function splitAuthorList(text: string): string[] {
  return text
    .split(/\s*(?:,|;|&|\band\b)\s*/i)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

/** "Brandon Sanderson", "J.R.R. Tolkien", "Ursula K. Le Guin", "Sanderson, Brandon". */
export function looksLikePersonName(text: string): boolean {
  if (LAST_FIRST.test(text)) return true;
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 5) return false;
  return words.every((w) => NAME_WORD.test(w) && !STOP_WORDS.has(w.toLowerCase()));
}

/** "Sanderson, Brandon" → "Brandon Sanderson"; other names unchanged. */
export function unflipName(text: string): string {
  const m = LAST_FIRST.exec(text);
  return m ? `${(m[2] ?? '').trim()} ${m[1] ?? ''}` : text;
}

export function cleanSegment(segment: string): string {
  return segment
    .replace(FORMAT_NOISE, ' ')
    .replace(LANGUAGE_NOISE, ' ')
    .replace(EDITION_NOISE, ' ')
    .replace(PART_NOISE, ' ')
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s,:;.+/-]+|[\s,:;+/-]+$/g, '')
    .trim();
}

function splitBy(segment: string): { title: string; authors: string[] } | null {
  const matches = [...segment.matchAll(BY)];
  const last = matches[matches.length - 1];
  if (!last || last.index === undefined || last.index === 0) return null;
  const title = segment.slice(0, last.index).trim();
  const authors = splitAuthorList(segment.slice(last.index + last[0].length));
  return title && authors.length > 0 ? { title, authors } : null;
}

export function readStructure(rawSegments: string[], groups: string[], braces: string[]): NameStructure {
  let year: number | null = null;
  let asin: string | null = null;
  let series: { name: string; sequence: string | null } | null = null;
  const narrators: string[] = [];

  for (const g of groups) {
    const a = ASIN.exec(g);
    if (a?.[1]) asin = a[1].toUpperCase();
    else if (YEAR.test(g)) year = Number(g);
    else if (NARRATOR.test(g)) narrators.push(...splitAuthorList(NARRATOR.exec(g)?.[1] ?? ''));
    else if (braces.includes(g) && looksLikePersonName(g)) narrators.push(g);
    else if (!series) {
      const s = SERIES_GROUP.exec(g);
      const b = SERIES_GROUP_BOOK_OF.exec(g);
      if (s?.[1] && s[2]) series = { name: s[1].trim(), sequence: s[2] };
      else if (b?.[1] && b[2]) series = { name: b[2].trim(), sequence: b[1] };
    }
  }

  const segments: string[] = [];
  const yearSegments: { at: number; text: string }[] = [];
  for (const raw of rawSegments) {
    const cleaned = cleanSegment(raw);
    if (cleaned === '') continue;
    if (YEAR.test(cleaned)) {
      year ??= Number(cleaned);
      yearSegments.push({ at: segments.length, text: cleaned });
      continue;
    }
    segments.push(cleaned);
  }
  // "George Orwell - 1984": when nothing but names is left, the year-shaped segment is the title.
  const onlyYear = yearSegments.length === 1 ? yearSegments[0] : undefined;
  if (onlyYear && segments.every(looksLikePersonName)) {
    segments.splice(onlyYear.at, 0, onlyYear.text);
    year = null;
  }

  // "The Book Thief (2005) by Markus Zusak": a removed group can leave "by …" as a segment of its own.
  for (let i = 1; i < segments.length; i++) {
    const lead = /^by\s+(.+)$/i.exec(segments[i] ?? '');
    if (lead?.[1]) {
      segments.splice(i - 1, 2, `${segments[i - 1] ?? ''} by ${lead[1]}`);
      break;
    }
  }

  let seriesSegment: string | null = null;
  let seriesAt = -1;
  // "Author - Series 02 - Title": a numbered segment is the series when a title follows it.
  if (segments.length >= 3) {
    for (let i = 0; i < segments.length - 1; i++) {
      const m = SERIES_SEGMENT.exec(segments[i] ?? '');
      if (m?.[1] && m[2]) {
        seriesSegment = segments[i] ?? null;
        seriesAt = i;
        series ??= { name: m[1].trim(), sequence: m[2] };
        break;
      }
    }
  }

  const rest = segments.filter((s) => s !== seriesSegment);
  let byClause: { title: string; authors: string[] } | null = null;
  for (const s of rest) byClause = splitBy(s) ?? byClause;

  let authors: string[] = [];
  let title: string | null = null;
  if (byClause) {
    authors = byClause.authors;
    title = byClause.title;
  } else if (seriesAt >= 1) {
    authors = segments.slice(0, seriesAt).map(unflipName);
    title = segments[seriesAt + 1] ?? null;
  } else {
    const names = rest.filter(looksLikePersonName);
    const others = rest.filter((s) => !looksLikePersonName(s));
    if (others.length > 0) {
      title = others[0] ?? null;
      authors = names.slice(0, 1).map(unflipName);
    } else if (names.length >= 2) {
      // "Author - Title" is the common order when both halves look like names.
      authors = [unflipName(names[0] ?? '')];
      title = names[1] ?? null;
    } else {
      title = names[0] ?? null;
    }
  }
  return { segments, byClause, authors, title, series, seriesSegment, narrators, year, asin };
}
