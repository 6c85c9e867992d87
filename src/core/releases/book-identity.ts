import { compareBooks, normalizeAuthorName, normalizeText, parseSequence, titleKey, titleTokens } from '../matching/index.js';
import { SERIES_WORDS } from './collection-markers.js';
import { looksLikePersonName, splitAuthorList, unflipName } from './name-structure.js';
import { indexOfRun, seriesKey } from './title-compare.js';
import type { ParsedReleaseName, Refusal } from './types.js';
import type { WantedContext } from './wanted-context.js';

/**
 * Is this release the wanted book? Re-reads the release's segments with the wanted authors in hand
 * (which also splits scene names such as "The Dark Forest Cixin Liu"), then compares the title:
 * equal (after folding), the wanted title with a subtitle or with words of its own series around it,
 * another title the matcher knows for the same book, or the same series position. Anything else —
 * a sequel, a prequel, a same-title book by someone else — is refused with the title it names.
 */
export type Identity = { same: true; how: string } | { same: false; refusal: Refusal };

type TitleMatch = 'exact' | 'variant' | null;

const BY = /\s+by\s+/gi;
const LIST = /,|;|&|\band\b/i;
const FILLER = new Set(['book', 'bk', 'vol', 'volume', 'no', 'part', 'series']);

function splitBy(segment: string): { title: string; authors: string[] } | null {
  const all = [...segment.matchAll(BY)];
  const last = all[all.length - 1];
  if (!last || last.index === undefined || last.index === 0) return null;
  return { title: segment.slice(0, last.index).trim(), authors: splitAuthorList(segment.slice(last.index + last[0].length)) };
}

function runOf(name: string): string[] {
  return normalizeAuthorName(unflipName(name)).split(' ').filter(Boolean);
}

function sameRun(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((t, i) => t === b[i]);
}

/** Whether the text may hold a wanted author's name at all (surname present once folded to ASCII-ish). */
function mayNameAuthor(ctx: WantedContext, text: string): boolean {
  // Plain ASCII (most names) needs no Unicode folding: lower case and letters only is enough.
  const folded = /^[\x20-\x7e]*$/.test(text)
    ? text.toLowerCase().replace(/[^a-z0-9]+/g, '')
    : normalizeText(text).replace(/ /g, '');
  return ctx.authorSurnames.some((s) => folded.includes(s));
}

function isWantedAuthor(ctx: WantedContext, name: string): boolean {
  const run = runOf(name);
  return ctx.authorRuns.some((r) => sameRun(r, run));
}

/** The segment with a wanted author's name cut from its end or start (scene names), or null. */
function cutWantedAuthor(ctx: WantedContext, segment: string): string | null {
  const words = segment.split(/\s+/);
  const folded = words.map((w) => normalizeText(w.replace(/\./g, ' ')).replace(/ /g, ''));
  for (const run of ctx.authorRuns) {
    // Compare on folded words; an author run is matched against the same number of trailing/leading words.
    const n = run.length;
    if (folded.length <= n) continue;
    if (sameRun(folded.slice(-n), run)) return words.slice(0, -n).join(' ');
    if (sameRun(folded.slice(0, n), run)) return words.slice(n).join(' ');
  }
  return null;
}

function seriesMatches(ctx: WantedContext, name: string): WantedContext['series'][number] | null {
  const key = seriesKey(name);
  return ctx.series.find((s) => s.looseKey === key) ?? null;
}

function titleMatch(ctx: WantedContext, part: string, tokens: string[]): TitleMatch {
  const key = tokens.join(' ');
  if (key === '') return null;
  if (key === ctx.titleKey || key === ctx.fullTitleKey) return 'exact';
  const isSeriesName = ctx.series.some((s) => s.key === ctx.titleKey);
  // "Sapiens" for "Sapiens: A Brief History of Humankind".
  if (ctx.shortTitleKey && key === ctx.shortTitleKey && !ctx.series.some((s) => s.key === key)) return 'variant';
  const colon = part.indexOf(':');
  if (colon > 0) {
    const head = titleKey(part.slice(0, colon));
    const tail = titleKey(part.slice(colon + 1));
    // "Sapiens: A Brief History…" (unless the wanted title is also its series' name: "Mistborn: Secret History").
    if (head === ctx.titleKey && tail !== '' && !isSeriesName && !SERIES_WORDS.test(tail)) return 'variant';
    // "The Lord of the Rings: The Two Towers".
    if (tail === ctx.titleKey && seriesMatches(ctx, part.slice(0, colon))) return 'variant';
  }
  // A title that is the series' name is the whole series ("Red Rising Saga"), not a variant of book 1.
  if (ctx.series.some((s) => s.key === key || s.looseKey === key)) return null;
  // "Percy Jackson and the Lightning Thief", "Leviathan Wakes The Expanse Book 1": the only extra words
  // are words of the wanted series' name, numbering words or the wanted position.
  const at = indexOfRun(tokens, ctx.titleTokens);
  if (at >= 0 && tokens.length > ctx.titleTokens.length) {
    const extra = [...tokens.slice(0, at), ...tokens.slice(at + ctx.titleTokens.length)];
    const seriesWords = new Set(ctx.series.flatMap((s) => [...s.tokens, 'the', 'and', 'of']));
    const positions = new Set(ctx.series.map((s) => (s.sequence === null ? '' : String(s.sequence))));
    const explained = extra.every((t) => seriesWords.has(t) || FILLER.has(t) || positions.has(t));
    if (explained && extra.some((t) => !FILLER.has(t) && t !== 'the' && t !== 'and' && t !== 'of')) return 'variant';
  }
  return null;
}

/** A title that starts with the wanted title and trails unknown words: "The Secret History Procopius". */
function trailingUnknown(ctx: WantedContext, part: string, tokens: string[]): string | null {
  const words = part.split(/\s+/);
  const n = tokens.length;
  if (n <= ctx.titleTokens.length || indexOfRun(tokens, ctx.titleTokens) !== 0) return null;
  const extra = n - ctx.titleTokens.length;
  return extra <= 4 ? words.slice(-extra).join(' ') : null;
}

export function judgeIdentity(ctx: WantedContext, parsed: ParsedReleaseName): Identity {
  // Only a scene name ("The.Secret.History.Procopius…") runs title and author together without a separator.
  const sceneName = !/\s/.test(parsed.raw.split(/[([{]/)[0]?.trim() ?? '');
  let authorFound = false;
  const otherAuthors: string[] = [];
  const parts: string[] = [];
  const folded = new Map<string, string[]>();
  const tokensOf = (text: string): string[] => {
    let t = folded.get(text);
    if (!t) folded.set(text, (t = titleTokens(text)));
    return t;
  };
  for (const seg of parsed.segments) {
    if (seg === parsed.seriesSegment) continue;
    // "Stand by Me": a segment that is the wanted title as a whole is not "title by author".
    if (tokensOf(seg).join(' ') === ctx.titleKey) {
      parts.push(seg);
      continue;
    }
    if (!mayNameAuthor(ctx, seg)) {
      const by = splitBy(seg);
      if (by) otherAuthors.push(...by.authors);
      parts.push(by ? by.title : seg);
      continue;
    }
    const by = splitBy(seg);
    if (by) {
      if (by.authors.some((a) => isWantedAuthor(ctx, a))) authorFound = true;
      else otherAuthors.push(...by.authors);
      parts.push(by.title);
      continue;
    }
    if (isWantedAuthor(ctx, seg) || (LIST.test(seg) && splitAuthorList(seg).some((a) => isWantedAuthor(ctx, a)))) {
      authorFound = true;
      continue;
    }
    const cut = cutWantedAuthor(ctx, seg);
    if (cut !== null) {
      authorFound = true;
      if (cut.trim() !== '') parts.push(cut);
      continue;
    }
    parts.push(seg);
  }

  const keyOf = (p: string) => tokensOf(p).join(' ');
  let match: TitleMatch = null;
  let matchedPart: string | null = null;
  for (const part of parts) {
    const m = titleMatch(ctx, part, tokensOf(part));
    if (m === 'exact' || (m === 'variant' && match === null)) {
      match = m;
      matchedPart = part;
    }
  }

  if (!authorFound && otherAuthors.length === 0) {
    // A name-like segment beside the matched title is someone else's name ("Endurance - Scott Kelly").
    for (const part of parts) if (part !== matchedPart && looksLikePersonName(part)) otherAuthors.push(unflipName(part));
    if (match === null && sceneName) {
      for (const part of parts) {
        const trailing = trailingUnknown(ctx, part, tokensOf(part));
        if (trailing !== null) {
          otherAuthors.push(trailing);
          match = 'exact';
          matchedPart = part;
        }
      }
    }
  }

  const release = parsed.series;
  const wantedSeries = release ? seriesMatches(ctx, release.name) : null;
  const releaseSeq = release ? parseSequence(release.sequence) : null;

  if (match !== null && otherAuthors.length > 0 && !authorFound) {
    return refuse('different-author', `same title, different author (${otherAuthors[0]})`);
  }
  if (match === 'exact' && (authorFound || otherAuthors.length === 0)) {
    return { same: true, how: authorFound ? 'title and author match' : 'title matches (no author named)' };
  }
  if (match === 'variant' && authorFound) {
    if (wantedSeries && releaseSeq !== null && wantedSeries.sequence !== null && releaseSeq !== wantedSeries.sequence)
      return refuse('different-book', `different book: ${wantedSeries.name} #${releaseSeq}`);
    return { same: true, how: 'title variant with matching author' };
  }

  if (!authorFound) {
    const who = otherAuthors[0] ?? parsed.authors[0];
    const title = parsed.title ?? parts[0] ?? parsed.raw;
    return refuse('different-book', `different book: ${title}${who ? ` by ${who}` : ''}`);
  }
  const named = parts.find((p) => keyOf(p) !== '') ?? parsed.title ?? parsed.raw;
  // Another real title of the same book: the matcher knows regional and translated titles. It is only asked
  // about titles sharing words with the wanted one (its evidence needs that too), which keeps judging cheap.
  for (const part of parts) {
    if (sharedWordShare(tokensOf(part), ctx.titleTokens) < 0.4) continue;
    const verdict = compareBooks(
      { title: ctx.book.title, authors: ctx.book.authors, series: ctx.book.series },
      { title: part, authors: ctx.book.authors, series: release ? [release] : [] },
    );
    if (verdict.same && !seriesConflict(wantedSeries, releaseSeq)) return { same: true, how: 'another title of the same book' };
  }
  // "His Dark Materials 01 - The Golden Compass" for Northern Lights: same series, same position, same author.
  if (wantedSeries && releaseSeq !== null && wantedSeries.sequence !== null && releaseSeq === wantedSeries.sequence) {
    return { same: true, how: `same series position (${wantedSeries.name} #${releaseSeq})` };
  }
  // "Cixin Liu - Remembrance of Earth's Past": the series' name alone, with no position, is the whole series.
  const positioned = release?.sequence != null;
  if (!positioned && parts.some((p) => ctx.series.some((s) => s.key === keyOf(p)) && keyOf(p) !== ctx.titleKey)) {
    return refuse('box-set', `series collection: ${named}`);
  }
  if (parts.some((p) => SERIES_WORDS.test(p) && !SERIES_WORDS.test(ctx.titleText))) {
    return refuse('box-set', `series collection: ${named}`);
  }
  return refuse('different-book', `different book: ${named}`);
}

/** Dice coefficient of the two token sets. */
function sharedWordShare(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const set = new Set(b);
  let shared = 0;
  for (const t of new Set(a)) if (set.has(t)) shared++;
  return (2 * shared) / (new Set(a).size + set.size);
}

function seriesConflict(wanted: WantedContext['series'][number] | null, releaseSeq: number | null): boolean {
  return wanted !== null && releaseSeq !== null && wanted.sequence !== null && wanted.sequence !== releaseSeq;
}

function refuse(code: Refusal['code'], reason: string): Identity {
  return { same: false, refusal: { code, reason } };
}
