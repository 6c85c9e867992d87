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

/**
 * Rewrites spelled-out and ordinal numbers as digits, so "One Hundred Years" = "100 Years",
 * "The Thirteenth Tale" = "The 13th Tale" and "Slaughterhouse-Five" = "Slaughterhouse 5".
 * Works on already normalised tokens. "I" is deliberately left alone ("I, Robot").
 */
export function foldNumbers(words: string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const digitOrdinal = /^(\d+)(?:st|nd|rd|th)$/.exec(w);
    if (digitOrdinal) {
      out.push(digitOrdinal[1]!);
      i++;
      continue;
    }
    if (numberWordValue(w) === null && w !== 'hundred' && w !== 'thousand') {
      out.push(w);
      i++;
      continue;
    }
    // Accumulate a run like "one hundred", "forty eight", "twenty first".
    let total = 0;
    let current = 0;
    let consumed = 0;
    while (i + consumed < words.length) {
      const t = words[i + consumed]!;
      if (t === 'hundred' || t === 'hundredth') {
        current = (current === 0 ? 1 : current) * 100;
      } else if (t === 'thousand') {
        total += (current === 0 ? 1 : current) * 1000;
        current = 0;
      } else if (TENS[t] !== undefined && current % 100 === 0) {
        current += TENS[t];
      } else if ((UNITS[t] !== undefined || ORDINALS[t] !== undefined) && current % 10 === 0) {
        const v = UNITS[t] ?? ORDINALS[t]!;
        if (current % 100 !== 0 && v >= 10) break; // "twenty twelve" is two numbers
        current += v;
        consumed++;
        if (ORDINALS[t] !== undefined) break; // an ordinal ends the number
        continue;
      } else {
        break;
      }
      consumed++;
    }
    out.push(String(total + current));
    i += consumed;
  }
  return out;
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
