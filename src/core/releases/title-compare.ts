import { normalizeText } from '../matching/index.js';

/**
 * Title keys for release-name comparison: folded text (see normalizeText), a leading article dropped,
 * number words as digits and UK/US spellings folded ("colour" = "color", "centre" = "center"), so that
 * "The Colour of Magic" and "The Color of Magic" meet while "Dune" and "Dune Messiah" stay apart.
 */
const NUMBER_WORDS: Record<string, string> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17',
  eighteen: '18', nineteen: '19', twenty: '20', first: '1st', second: '2nd', third: '3rd',
};
const ARTICLES = new Set(['the', 'a', 'an']);

function foldToken(t: string): string {
  const n = NUMBER_WORDS[t];
  if (n) return n;
  if (/^\d+$/.test(t)) return String(Number(t));
  if (t.length >= 5 && t.endsWith('our')) return `${t.slice(0, -3)}or`;
  if (t.length >= 6 && t.endsWith('tre')) return `${t.slice(0, -3)}ter`;
  if (t.length >= 6 && /is(e|ed|ing|ation)$/.test(t)) return t.replace(/is(e|ed|ing|ation)$/, 'iz$1');
  return t;
}

export function titleTokens(text: string): string[] {
  const n = normalizeText(text);
  if (n === '') return [];
  const tokens = n.split(' ').map(foldToken);
  if (tokens.length > 1 && ARTICLES.has(tokens[0] ?? '')) tokens.shift();
  return tokens;
}

export function titleKey(text: string): string {
  return titleTokens(text).join(' ');
}

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
