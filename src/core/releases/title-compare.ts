import { titleTokens } from '../matching/index.js';

/**
 * Release-name comparison on top of the matcher's one title key (matching/title.ts `titleTokens`/`titleKey`:
 * folding, numbers as digits, UK/US spellings, leading article). Only what is release-specific lives here:
 * finding the wanted title as a run of words inside a longer release segment, and series names that
 * releases write with a generic tail ("The Wheel of Time Series").
 */

/** Whether `inner` occurs in `outer` as a run of whole tokens; returns the start index or -1. */
export function indexOfRun(outer: string[], inner: string[]): number {
  if (inner.length === 0 || inner.length > outer.length) return -1;
  outer: for (let i = 0; i + inner.length <= outer.length; i++) {
    for (let j = 0; j < inner.length; j++) if (outer[i + j] !== inner[j]) continue outer;
    return i;
  }
  return -1;
}

const SERIES_TAIL = new Set(['series', 'saga', 'trilogy', 'cycle', 'chronicles', 'sequence', 'books', 'novels', 'universe']);

/** "The Wheel of Time" = "Wheel of Time Series" = "The Wheel of Time saga": generic trailing words dropped. */
export function seriesKey(name: string): string {
  const tokens = titleTokens(name);
  while (tokens.length > 1 && SERIES_TAIL.has(tokens[tokens.length - 1] ?? '')) tokens.pop();
  return tokens.join(' ');
}
