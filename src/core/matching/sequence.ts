import { normalizeText, numberWordValue, romanValue } from './text.js';

/**
 * Reads a series position however it was written: "1", "01", "1.5", "#3", "Book One", "Book Six", "I", "V",
 * "3.0", "Book Zero", "1, Dramatized Adaptation". Returns null when there is no position.
 */
export function parseSequence(s: string | null | undefined): number | null {
  if (s == null) return null;
  const digits = /(\d+(?:\.\d+)?)/.exec(s);
  if (digits) return Number(digits[1]);
  const words = normalizeText(s).split(' ').filter((w) => w !== '' && w !== 'book' && w !== 'volume' && w !== 'vol' && w !== 'no' && w !== 'part');
  if (words.length === 0) return null;
  const first = words[0]!;
  const word = numberWordValue(first);
  if (word !== null) {
    // "twenty one"
    const second = words[1] !== undefined ? numberWordValue(words[1]) : null;
    return word >= 20 && second !== null && second < 10 ? word + second : word;
  }
  return romanValue(first);
}

/** Two positions are the same when both are known and equal ("3" = "3.0" = "III"). */
export function sameSequence(a: number | null, b: number | null): boolean {
  return a !== null && b !== null && Math.abs(a - b) < 1e-9;
}
