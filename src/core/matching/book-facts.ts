import { parsePersons, samePerson } from './author.js';
import type { ProductFlag } from './flags.js';
import { analyzeBook, resolveTitle } from './record.js';
import { makeClaim, seriesNamesMatch } from './series.js';
import type { BookRecord } from './types.js';

/**
 * What the matcher reads from one record on its own, for callers that decide about books rather than compare two
 * (discovery): its product kinds (abridged, dramatised, graphic, summary, split part, collection…) and every series
 * position it claims, from the series field, bracketed suffixes, a series subtitle ("Book Three of The Chronicles
 * of Narnia") or a folder-style title ("Millennium 04"). The same readings compareBooks uses, never a second parser.
 */
export interface BookFacts {
  kinds: ProductFlag[];
  /** Series claims: normalised name words and the position (null when none is given). */
  series: { name: string[]; sequence: number | null }[];
}

export function bookFacts(book: BookRecord): BookFacts {
  const a = analyzeBook(book);
  const t = resolveTitle(a, { series: a.claims, persons: a.persons });
  const claims = [...a.claims, ...t.claims];
  if (t.seriesOnly) claims.push(t.seriesOnly);
  return {
    kinds: [...new Set([...a.flags, ...t.flags])],
    series: claims.map((c) => ({ name: c.name, sequence: c.sequence })),
  };
}

/** Loose series-name equality, as the matcher judges it ("Stormlight Archive" = "The Stormlight Archive", "HP"). */
export function sameSeriesName(a: string | string[], b: string | string[]): boolean {
  const ca = makeClaim(Array.isArray(a) ? a.join(' ') : a, null);
  const cb = makeClaim(Array.isArray(b) ? b.join(' ') : b, null);
  return ca !== null && cb !== null && seriesNamesMatch(ca, cb);
}

/** Does any author of `authors` denote the same person as one of `people` ("VE Schwab" = "V. E. Schwab")? */
export function sharesAuthor(authors: string[], people: string[]): boolean {
  const a = parsePersons(authors);
  const b = parsePersons(people);
  return a.some((p) => b.some((q) => samePerson(p, q)));
}
