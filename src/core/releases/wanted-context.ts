import { normalizeAuthorName, normalizeText, parseSequence, titleKey, titleTokens } from '../matching/index.js';
import { scriptLanguage } from './language-markers.js';
import { seriesKey } from './title-compare.js';
import type { WantedBook } from './types.js';

/** The wanted book, folded once per search so judging each result only compares prepared keys. */
export interface WantedContext {
  book: WantedBook;
  titleTokens: string[];
  titleKey: string;
  /** "Title: Subtitle" when a subtitle is known. */
  fullTitleKey: string | null;
  /** The part before a colon of the wanted title ("Sapiens" of "Sapiens: A Brief History…"). */
  shortTitleKey: string | null;
  /** Token runs that name a wanted author: "james s a corey", "jk rowling", "stephen covey". */
  authorRuns: string[][];
  /** Last words of the author runs, lower case: a cheap pre-check before folding a segment. */
  authorSurnames: string[];
  /** `looseKey` drops generic tails ("… Series", "… Saga") so series names from releases meet. */
  series: { key: string; looseKey: string; tokens: string[]; sequence: number | null; name: string }[];
  /** Every folded word of the wanted title, to excuse markers the title itself contains ("Wool Omnibus"). */
  titleText: string;
  titleScript: string | null;
}

function authorVariants(name: string): string[][] {
  const base = normalizeAuthorName(name).split(' ').filter(Boolean);
  if (base.length === 0) return [];
  const variants = [base];
  // "J K Rowling" ↔ "JK Rowling": glue runs of single-letter initials.
  const glued: string[] = [];
  let run = '';
  for (const t of base) {
    if (t.length === 1) run += t;
    else {
      if (run) glued.push(run);
      run = '';
      glued.push(t);
    }
  }
  if (run) glued.push(run);
  if (glued.length !== base.length) variants.push(glued);
  // "Cixin Liu" ↔ "Liu Cixin": family name first, as Chinese, Japanese and Korean names are often written.
  if (base.length === 2) variants.push([base[1] ?? '', base[0] ?? '']);
  // "Stephen R. Covey" ↔ "Stephen Covey": without middle initials, when two words remain.
  const noInitials = base.filter((t, i) => t.length > 1 || i === base.length - 1);
  if (noInitials.length >= 2 && noInitials.length !== base.length) variants.push(noInitials);
  return variants;
}

export function prepareWanted(book: WantedBook): WantedContext {
  const tokens = titleTokens(book.title);
  const colon = book.title.indexOf(':');
  const authorRuns = book.authors.flatMap(authorVariants);
  return {
    book,
    titleTokens: tokens,
    titleKey: tokens.join(' '),
    fullTitleKey: book.subtitle ? titleKey(`${book.title} ${book.subtitle}`) : null,
    shortTitleKey: colon > 0 ? titleKey(book.title.slice(0, colon)) : null,
    authorRuns,
    authorSurnames: [...new Set(authorRuns.map((r) => r[r.length - 1] ?? '').filter((t) => t !== ''))],
    series: book.series.map((s) => {
      const seriesTokens = titleTokens(s.name);
      return {
        key: seriesTokens.join(' '),
        looseKey: seriesKey(s.name),
        tokens: seriesTokens,
        sequence: parseSequence(s.sequence),
        name: s.name,
      };
    }),
    titleText: normalizeText(`${book.title} ${book.subtitle ?? ''}`),
    titleScript: scriptLanguage(book.title),
  };
}
