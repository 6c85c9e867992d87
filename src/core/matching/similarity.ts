import { tokenDice } from './compare.js';
import { analyzeBook, resolveTitle, type ResolvedTitle } from './record.js';

/**
 * Context-free title helpers for callers that only have a title string (release names, search results).
 * They cannot know which words are an author or a series, so prefer compareBooks when records are at hand.
 */

function readTitle(title: string): ResolvedTitle {
  const a = analyzeBook({ title, authors: [] });
  return resolveTitle(a, { series: a.claims, persons: [] });
}

/**
 * The comparable core of a title: "The Hero of Ages (Unabridged)" → "hero of ages",
 * "Dark Matter: A Novel" → "dark matter", "The Expanse 01 - Leviathan Wakes" → "leviathan wakes".
 */
export function normalizeTitle(title: string): string {
  const r = readTitle(title);
  // The shortest reading is the title without subtitle or series prefix; `full` when nothing was split off.
  let best = r.full;
  for (const k of r.keys) if (k !== '' && (best === '' || k.length < best.length)) best = k;
  return best;
}

/** 1 when the two titles share a reading; otherwise the token overlap (Dice) of their cores, 0..1. */
export function titleSimilarity(a: string, b: string): number {
  const ra = readTitle(a);
  const rb = readTitle(b);
  for (const k of ra.keys) if (rb.keys.has(k)) return 1;
  return tokenDice(ra.full, rb.full);
}
