import { personsOverlap, samePerson } from './author.js';
import { flagConflicts } from './flags.js';
import { analyzeBook, contextOf, resolveTitle, type BookAnalysis, type ResolvedTitle } from './record.js';
import { sameSequence } from './sequence.js';
import { seriesNamesMatch, type SeriesClaim } from './series.js';
import type { BookRecord, MatchResult } from './types.js';

/**
 * Decides whether two records are the same work. Order of evidence:
 *   1. strong identifiers present on both sides decide (ASIN, then ISBN);
 *   2. a product kind on one side only (abridged, dramatised, graphic novel, summary, split part, box set…)
 *      makes them different;
 *   3. the titles must meet: a shared title reading, or a "Series, Book N" title against a record holding
 *      that position of that series; weaker meetings (readings without articles and "of"; one word replaced
 *      at the same series position) count only with agreeing authors;
 *   4. the authors must share a person when both sides name authors — a pen name is not guessed, except when
 *      title, series and position all agree (a collaboration under a shared pen name);
 *   5. a series position that disagrees vetoes a match that was not an exact title match (publication and
 *      chronological numbering of the same title are both kept).
 * Scores: same ⇒ score ≥ 0.5, not same ⇒ score < 0.5.
 */
export function compareBooks(library: BookRecord, candidate: BookRecord): MatchResult {
  return compareAnalyses(analyzeBook(library), analyzeBook(candidate));
}

export function compareAnalyses(a: BookAnalysis, b: BookAnalysis): MatchResult {
  const byId = compareIdentifiers(a, b);
  if (byId) return byId;

  const ctx = contextOf(a, b);
  const ta = resolveTitle(a, ctx);
  const tb = resolveTitle(b, ctx);
  const reasons: string[] = [];

  const flagsA = new Set([...a.flags, ...ta.flags]);
  const flagsB = new Set([...b.flags, ...tb.flags]);
  const conflicts = flagConflicts(flagsA, flagsB);
  if (conflicts.length > 0) {
    return { same: false, score: 0.05, reasons: conflicts.map((f) => `product-differs:${f}`) };
  }

  const authorsKnown = a.persons.length > 0 && b.persons.length > 0;
  const overlap = personsOverlap(a.persons, b.persons);
  if (overlap > 0 && (adaptedFrom(a, b) || adaptedFrom(b, a))) {
    return { same: false, score: 0.05, reasons: ['product-differs:adaptation'] };
  }
  const exact = ta.full !== '' && ta.full === tb.full;
  const sharedKey = exact || intersects(ta.keys, tb.keys);
  const loose = !sharedKey && intersects(ta.looseKeys, tb.looseKeys);
  const position = seriesPosition(ta, tb, a, b);
  const similarity = tokenDice(ta.full, tb.full);
  const authorsAgree = authorsKnown && overlap > 0;

  let titleEvidence: TitleEvidence | null = null;
  if (exact) titleEvidence = 'exact';
  else if (sharedKey) titleEvidence = 'reading';
  else if (position === 'only-match') titleEvidence = 'series-position';
  else if (loose && authorsAgree) titleEvidence = 'loose';
  // Same author, same series and position, mostly the same words ("Philosophers Stone"/"Sorcerer's Stone").
  // A word was replaced on both sides; a title that only adds words ("The Way of Kings Prime") is another book.
  else if (position === 'agree' && authorsAgree && similarity >= 0.6 && bothHaveOwnWords(ta.full, tb.full)) {
    titleEvidence = 'similar-same-position';
  }

  if (titleEvidence === null) {
    reasons.push('title-differs');
    if (position === 'conflict') reasons.push('series-position-differs');
    const score = 0.3 * similarity + (overlap > 0 ? 0.15 : 0);
    return { same: false, score: round(score), reasons };
  }
  reasons.push(`title:${titleEvidence}`);

  if (authorsKnown && overlap === 0) {
    // Collaborations under a shared pen name ("James S. A. Corey") still agree on title, series and position.
    if ((titleEvidence === 'exact' || titleEvidence === 'reading') && position === 'agree') {
      reasons.push('authors-differ', 'series-position-agrees');
      return { same: true, score: 0.6, reasons };
    }
    reasons.push('authors-differ');
    return { same: false, score: 0.3, reasons };
  }
  reasons.push(authorsKnown ? `authors:${overlap.toFixed(2)}` : 'authors:unknown');

  if (titleEvidence !== 'exact' && position === 'conflict') {
    reasons.push('series-position-differs');
    return { same: false, score: 0.35, reasons };
  }

  const base = BASE_SCORE[titleEvidence];
  const score = authorsKnown ? base + 0.15 * overlap : base - 0.1;
  return { same: true, score: round(score), reasons };
}

type TitleEvidence = 'exact' | 'reading' | 'series-position' | 'loose' | 'similar-same-position';

const BASE_SCORE: Record<TitleEvidence, number> = {
  exact: 0.85,
  reading: 0.75,
  'series-position': 0.7,
  loose: 0.65,
  'similar-same-position': 0.6,
};

/**
 * "Author X & Illustrator Y" with an adaptation cue (graphic novel, adapted by, illustrated retelling) against a
 * record without the cue is an adaptation of X's book, not the book: `x` has the cue, `y` does not, and `x` credits
 * someone — as co-author or by an illustrator/adapter role — whom `y` does not name. A narrator that a tagger put
 * in `y`'s authors does not excuse it; an "Illustrated Edition" of the full text carries no cue.
 */
function adaptedFrom(x: BookAnalysis, y: BookAnalysis): boolean {
  if (!x.adaptation.cue || y.adaptation.cue) return false;
  const credited = [...x.persons, ...x.adaptation.contributors];
  return credited.some((p) => !y.persons.some((q) => samePerson(p, q)));
}

function intersects(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  for (const k of a) if (b.has(k)) return true;
  return false;
}

function compareIdentifiers(a: BookAnalysis, b: BookAnalysis): MatchResult | null {
  if (a.asin && b.asin) {
    return a.asin === b.asin
      ? { same: true, score: 1, reasons: ['asin-equal'] }
      : { same: false, score: 0, reasons: ['asin-differs'] };
  }
  if (a.isbn && b.isbn) {
    return a.isbn === b.isbn
      ? { same: true, score: 1, reasons: ['isbn-equal'] }
      : { same: false, score: 0, reasons: ['isbn-differs'] };
  }
  return null;
}

/**
 * Compares series positions. 'conflict': both records place themselves in the same series at different
 * positions. 'only-match': one title is only "Series N" and the other record holds position N of that series.
 * 'agree': both name the same series and the same position.
 */
function seriesPosition(
  ta: ResolvedTitle,
  tb: ResolvedTitle,
  a: BookAnalysis,
  b: BookAnalysis,
): 'conflict' | 'only-match' | 'agree' | 'none' {
  const claimsA: SeriesClaim[] = [...a.claims, ...ta.claims];
  const claimsB: SeriesClaim[] = [...b.claims, ...tb.claims];
  if (ta.seriesOnly) claimsA.push(ta.seriesOnly);
  if (tb.seriesOnly) claimsB.push(tb.seriesOnly);
  let conflict = false;
  let agree = false;
  for (const x of claimsA) {
    for (const y of claimsB) {
      if (x.sequence === null || y.sequence === null || !seriesNamesMatch(x, y)) continue;
      if (sameSequence(x.sequence, y.sequence)) agree = true;
      else conflict = true;
    }
  }
  if (conflict) return 'conflict';
  const only = (so: SeriesClaim | null, other: SeriesClaim[]) =>
    so !== null && other.some((y) => seriesNamesMatch(so, y) && sameSequence(so.sequence, y.sequence));
  if (only(ta.seriesOnly, claimsB) || only(tb.seriesOnly, claimsA)) return 'only-match';
  return agree ? 'agree' : 'none';
}

function bothHaveOwnWords(a: string, b: string): boolean {
  const ta = new Set(a.split(' '));
  const tb = new Set(b.split(' '));
  return [...ta].some((w) => !tb.has(w)) && [...tb].some((w) => !ta.has(w));
}

export function tokenDice(a: string, b: string): number {
  const ta = a.split(' ').filter((w) => w !== '');
  const tb = b.split(' ').filter((w) => w !== '');
  if (ta.length === 0 || tb.length === 0) return 0;
  const pool = new Map<string, number>();
  for (const t of tb) pool.set(t, (pool.get(t) ?? 0) + 1);
  let hit = 0;
  for (const t of ta) {
    const n = pool.get(t) ?? 0;
    if (n > 0) {
      hit++;
      pool.set(t, n - 1);
    }
  }
  return (2 * hit) / (ta.length + tb.length);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
