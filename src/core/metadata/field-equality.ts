import { normalizeAuthorName, normalizeText, parseSequence } from '../matching/index.js';
import type { SeriesValue } from './types.js';

/**
 * When two field values are "the same" (README-metadata.md, scoring): case, punctuation, spacing and diacritics do
 * not count; names compare as "First Last" with initials spelled any way, as a list in any order; series as
 * (name, position) pairs with positions written any way ("01" = "Book One" = "I", "2,5" = "2.5"), but
 * "1, Dramatized Adaptation" is not "1"; years by their four digits. The decision uses it to keep what the library
 * already has right; the evaluation scores with it.
 */

export function textKey(s: string | null | undefined): string {
  return normalizeText(s ?? '');
}

export function sameText(a: string | null | undefined, b: string | null | undefined): boolean {
  return textKey(a) === textKey(b);
}

export function sameNames(a: readonly string[], b: readonly string[]): boolean {
  // A name listed twice is a list to correct, so the lists are compared with their repeats.
  const ka = a.map(initialsKey).sort();
  const kb = b.map(initialsKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/** "J.R.R. Tolkien" = "J. R. R. Tolkien" = "JRR Tolkien" = "Tolkien, J.R.R.": the name with every run of single-letter initials joined ("j r r tolkien" → "jrr tolkien"). */
export function initialsKey(name: string): string {
  const words = normalizeAuthorName(name).split(' ').filter((w) => w !== '');
  const out: string[] = [];
  let run = '';
  for (const w of words) {
    if (w.length === 1) {
      run += w;
      continue;
    }
    if (run !== '') out.push(run);
    run = '';
    out.push(w);
  }
  if (run !== '') out.push(run);
  return out.join(' ');
}

/** A position as a comparable string: "01" = "1" = "1.0" = "Book 1" = "Book One" = "#1" = "I"; other text stays. */
export function sequenceKey(seq: string | null | undefined): string | null {
  if (seq == null || seq.trim() === '') return null;
  const s = seq.trim().replace(/(\d),(\d)/g, '$1.$2');
  const bare = /^(?:(?:book|volume|vol\.?|no\.?|number|part|#)\s*)?#?\s*([\divxlc.]+|[a-z]+(?:[\s-][a-z]+)?)$/i.exec(s);
  if (bare) {
    const n = parseSequence(s);
    if (n !== null) return String(n);
  }
  return normalizeText(s);
}

export function seriesKey(s: SeriesValue): string {
  return `${textKey(s.name)}#${sequenceKey(s.sequence) ?? ''}`;
}

export function sameSeries(a: readonly SeriesValue[], b: readonly SeriesValue[]): boolean {
  const ka = [...new Set(a.map(seriesKey))].sort();
  const kb = [...new Set(b.map(seriesKey))].sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

export function yearOf(y: string | number | null | undefined): number | null {
  const m = /\b(\d{4})\b/.exec(y == null ? '' : String(y));
  return m ? Number(m[1]) : null;
}

export function sameYear(a: string | number | null | undefined, b: string | number | null | undefined): boolean {
  const ya = yearOf(a);
  return ya !== null && ya === yearOf(b);
}
