import { compareAnalyses } from './compare.js';
import { analyzeBook, resolveTitle, type BookAnalysis, type ResolvedTitle } from './record.js';
import { seriesNamesMatch, type SeriesClaim } from './series.js';
import { colonParts, titleKey } from './title.js';
import type { BookRecord, MatchResult } from './types.js';

/**
 * "Do I already own this?" against the whole library mirror. Every library book is analysed once and
 * indexed under its identifiers, its title readings and its series positions; a candidate is compared in
 * full only with the few books it shares one of those with. Every way compareBooks can say "same" needs a
 * shared identifier, a shared title reading or an agreeing series position, so the index loses no match
 * that the pairwise comparison would find (up to readings that only appear with the other record's context,
 * for which every single title segment is indexed too).
 */

export interface OwnedMatch {
  id: string;
  result: MatchResult;
}

export interface OwnedIndex {
  /** The best-scoring owned book that is the same work as the candidate, or null. */
  findOwned(candidate: BookRecord): OwnedMatch | null;
  readonly size: number;
}

interface Entry {
  id: string;
  analysis: BookAnalysis;
}

const SERIES_STOPWORDS = new Set(['of', 'and', 'the', 'a', 'an', 'in', 'to', 'on']);

/** Title and identifier keys under which a book is filed and looked up. */
export function lookupKeys(a: BookAnalysis, own: ResolvedTitle): string[] {
  const out = new Set<string>();
  if (a.asin) out.add(`asin:${a.asin}`);
  if (a.isbn) out.add(`isbn:${a.isbn}`);
  for (const k of own.keys) out.add(`t:${k}`);
  for (const k of own.looseKeys) out.add(`l:${k}`);
  for (const seg of a.segments) {
    out.add(`t:${titleKey(seg)}`);
    for (const p of colonParts(seg)) out.add(`t:${titleKey(p)}`);
  }
  out.delete('t:');
  return [...out];
}

/** Series positions a book claims (series field, title segments, "Series, Book N" titles). */
function positionClaims(a: BookAnalysis, own: ResolvedTitle): SeriesClaim[] {
  const claims = [...a.claims, ...own.claims];
  if (own.seriesOnly) claims.push(own.seriesOnly);
  return claims.filter((c) => c.sequence !== null);
}

/** Words of a series name (and its initials) combined with the position: "expanse#3", "wot#2". */
function positionTokens(c: SeriesClaim): string[] {
  return [...c.name, ...c.acronyms].filter((w) => !SERIES_STOPWORDS.has(w)).map((w) => `${w}#${c.sequence}`);
}

function ownResolution(a: BookAnalysis): ResolvedTitle {
  return resolveTitle(a, { series: a.claims, persons: a.persons });
}

export function createOwnedIndex(books: (BookRecord & { id: string })[]): OwnedIndex {
  const entries: Entry[] = [];
  const byKey = new Map<string, number[]>();
  // Series positions are filed under every word of the series name, so a lookup by one word finds
  // "The Chronicles of Narnia" from "Narnia"; the name is then checked before the full comparison.
  const byPosition = new Map<string, { entry: number; claim: SeriesClaim }[]>();
  for (const book of books) {
    const analysis = analyzeBook(book);
    const own = ownResolution(analysis);
    const n = entries.push({ id: book.id, analysis }) - 1;
    for (const k of lookupKeys(analysis, own)) {
      const list = byKey.get(k);
      if (list) list.push(n);
      else byKey.set(k, [n]);
    }
    for (const claim of positionClaims(analysis, own)) {
      for (const t of positionTokens(claim)) {
        const list = byPosition.get(t);
        if (list) list.push({ entry: n, claim });
        else byPosition.set(t, [{ entry: n, claim }]);
      }
    }
  }
  return {
    size: entries.length,
    findOwned(candidate) {
      const c = analyzeBook(candidate);
      const own = ownResolution(c);
      const pool = new Set<number>();
      for (const k of lookupKeys(c, own)) for (const n of byKey.get(k) ?? []) pool.add(n);
      for (const claim of positionClaims(c, own)) {
        for (const t of positionTokens(claim)) {
          for (const hit of byPosition.get(t) ?? []) {
            if (!pool.has(hit.entry) && seriesNamesMatch(hit.claim, claim)) pool.add(hit.entry);
          }
        }
      }
      let best: OwnedMatch | null = null;
      for (const n of pool) {
        const e = entries[n]!;
        const result = compareAnalyses(e.analysis, c);
        if (result.same && (!best || result.score > best.result.score)) best = { id: e.id, result };
      }
      return best;
    },
  };
}
