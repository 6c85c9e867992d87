/**
 * Text folding shared by titles, authors and series names. Everything the matcher compares goes through
 * `normalizeText` first, so a library tag written "Les Miserables" meets a provider's "Les Misérables".
 */

// Letters that NFKD does not decompose into base letter + mark.
const SPECIAL_LETTERS: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i',
};
const SPECIAL_RE = /[ßæœøđłþðı]/g;
const ASCII_RE = /^[\x00-\x7f]*$/;

/** Lower case, diacritics removed, apostrophes dropped ("Ender's" = "Enders"), other punctuation as spaces. */
export function normalizeText(s: string): string {
  // Fast path: plain ASCII needs no Unicode decomposition (most tags and provider titles).
  if (ASCII_RE.test(s)) {
    return s
      .toLowerCase()
      .replace(/&/g, ' and ')
      .replace(/['`]/g, '')
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  }
  return s
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL_LETTERS[c] ?? c)
    .replace(/&/g, ' and ')
    .replace(/['’‘`´ʼ]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(s: string): string[] {
  const n = normalizeText(s);
  return n === '' ? [] : n.split(' ');
}

const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};
const ORDINALS: Record<string, number> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17,
  eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40, fiftieth: 50, hundredth: 100,
};

/** The value of one number word ("seven", "seventh", "forty"), or null. */
export function numberWordValue(word: string): number | null {
  return UNITS[word] ?? TENS[word] ?? ORDINALS[word] ?? null;
}

interface NumberRun {
  value: number;
  /** Tokens the run took. */
  length: number;
  /** Ends with an ordinal ("twenty first"), which closes the number. */
  ordinal: boolean;
  /** Written with "hundred"/"thousand" (so not half of a year-style pair). */
  scaled: boolean;
}

/**
 * Reads one spelled-out number starting at `i`: "forty eight", "one hundred and one", "twenty thousand",
 * "twenty first". An "and" is only part of the number after "hundred" or "thousand" and before another
 * number word ("a thousand and one").
 */
function readNumberRun(words: readonly string[], i: number): NumberRun | null {
  let total = 0;
  let current = 0;
  let consumed = 0;
  let ordinal = false;
  let scaled = false;
  while (i + consumed < words.length) {
    const t = words[i + consumed]!;
    if (t === 'hundred' || t === 'hundredth') {
      if (current >= 100) break; // "one hundred hundred" is not a number
      current = (current === 0 ? 1 : current) * 100;
      scaled = true;
      consumed++;
      if (t === 'hundredth') {
        ordinal = true;
        break;
      }
      continue;
    }
    if (t === 'thousand' || t === 'thousandth') {
      total += (current === 0 ? 1 : current) * 1000;
      current = 0;
      scaled = true;
      consumed++;
      if (t === 'thousandth') {
        ordinal = true;
        break;
      }
      continue;
    }
    if (t === 'and') {
      const next = words[i + consumed + 1];
      const after = next === undefined ? null : numberWordValue(next);
      if (scaled && after !== null && current % 100 === 0) {
        consumed++;
        continue;
      }
      break;
    }
    const tens = TENS[t];
    if (tens !== undefined && current % 100 === 0) {
      current += tens;
      consumed++;
      continue;
    }
    const unit = UNITS[t] ?? ORDINALS[t];
    if (unit !== undefined && current % 10 === 0) {
      if (current % 100 !== 0 && unit >= 10) break; // "twenty twelve" is two numbers here
      current += unit;
      consumed++;
      if (ORDINALS[t] !== undefined) {
        ordinal = true;
        break; // an ordinal ends the number
      }
      continue;
    }
    break;
  }
  if (consumed === 0) return null;
  // A trailing "and" is never part of the number.
  while (consumed > 0 && words[i + consumed - 1] === 'and') consumed--;
  return { value: total + current, length: consumed, ordinal, scaled };
}

/**
 * Rewrites spelled-out and ordinal numbers as digits, so "One Hundred Years" = "100 Years",
 * "The Thirteenth Tale" = "The 13th Tale", "Slaughterhouse-Five" = "Slaughterhouse 5",
 * "Twenty Thousand Leagues" = "20000 Leagues" and "The Hundred and One Dalmatians" = "101 Dalmatians".
 * Two numbers read the way years and short numbers are said — a number up to 99, then one from 10 to 99,
 * nothing else numeric around them — are one number: "Nineteen Eighty-Four" = "1984",
 * "Fahrenheit Four Fifty-One" = "Fahrenheit 451" (while "Eleven Twenty-Two Sixty-Three" stays three).
 * Works on already normalised tokens. "I" is deliberately left alone ("I, Robot").
 */
export function foldNumbers(words: string[]): string[] {
  const out: string[] = [];
  /** Index in `out` of each spelled-out run, with how it was read. */
  const runs: { at: number; run: NumberRun }[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const digitOrdinal = /^(\d+)(?:st|nd|rd|th)$/.exec(w);
    if (digitOrdinal) {
      out.push(digitOrdinal[1]!);
      i++;
      continue;
    }
    const run = numberWordValue(w) !== null || w === 'hundred' || w === 'thousand' ? readNumberRun(words, i) : null;
    if (run === null) {
      out.push(w);
      i++;
      continue;
    }
    runs.push({ at: out.length, run });
    out.push(String(run.value));
    i += run.length;
  }
  return pairSpokenNumbers(out, runs);
}

const isNumeric = (t: string | undefined) => t !== undefined && /^\d+$/.test(t);

function pairSpokenNumbers(out: string[], runs: { at: number; run: NumberRun }[]): string[] {
  const merged: string[] = [];
  let k = 0;
  for (let j = 0; j < out.length; j++) {
    while (k < runs.length && runs[k]!.at < j) k++;
    const first = runs[k]?.at === j ? runs[k]!.run : null;
    const second = runs[k + 1]?.at === j + 1 ? runs[k + 1]!.run : null;
    const pairable = (r: NumberRun | null, min: number) => r !== null && !r.scaled && !r.ordinal && r.value >= min && r.value <= 99;
    if (first && second && pairable(first, 1) && pairable(second, 10) && !isNumeric(out[j - 1]) && !isNumeric(out[j + 2])) {
      merged.push(String(first.value * 100 + second.value));
      j++;
      continue;
    }
    merged.push(out[j]!);
  }
  return merged;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };

/** Value of a lower-case roman numeral up to a few hundred, or null when `s` is not one. */
export function romanValue(s: string): number | null {
  if (!/^[ivxlc]+$/.test(s)) return null;
  let total = 0;
  for (let i = 0; i < s.length; i++) {
    const v = ROMAN[s[i]!]!;
    const next = i + 1 < s.length ? ROMAN[s[i + 1]!]! : 0;
    total += v < next ? -v : v;
  }
  return total > 0 && total < 400 ? total : null;
}

export const ARTICLES = new Set(['the', 'a', 'an']);

/** Drops one leading English article ("The Book Thief" = "Book Thief"). */
export function stripLeadingArticle(words: string[]): string[] {
  return words.length > 1 && ARTICLES.has(words[0]!) ? words.slice(1) : words;
}
