import { foldNumbers, normalizeText } from './text.js';
import { stripEditionTail } from './flags.js';

/**
 * Title text → comparable keys. A title is first cleaned of scanner noise (underscores, brackets, edition
 * wording, "Title, The"), then split into dash segments ("Author - Series 01 - Title") and colon parts
 * ("Series: Title", "Title: Subtitle"). Which segments are dropped depends on what is known about the
 * record (its authors and series), which lives in record.ts; this file holds the context-free pieces.
 */

const BRACKET_RE = /[([{]([^()[\]{}]*)[)\]}]/g;
const AUDIO_EXTENSION_RE = /\.(?:m4b|m4a|mp3|aac|flac|ogg|opus|aax|wma)$/i;

export interface CleanedTitle {
  /** Title without bracketed parts, underscores turned into spaces. */
  text: string;
  /** Contents of every bracketed part, in order ("Unabridged", "The Expanse, Book 1", "1887"). */
  brackets: string[];
}

export function cleanTitle(raw: string): CleanedTitle {
  const brackets: string[] = [];
  // A file name as title ("Project Hail Mary.m4b"): the extension is not part of it.
  let text = raw.replace(AUDIO_EXTENSION_RE, '').replace(/_/g, ' ');
  // Brackets can nest one level in practice ("(Star Wars: Thrawn (Book 1))"); two passes are enough.
  for (let pass = 0; pass < 2; pass++) {
    text = text.replace(BRACKET_RE, (_m, inner: string) => {
      brackets.push(inner.trim());
      return ' ';
    });
  }
  text = text.replace(/\s+/g, ' ').replace(/\s+([,:;.])/g, '$1').trim().replace(/[,:;\s-]+$/, '');
  return { text, brackets };
}

/** "Way of Kings, The" → "The Way of Kings"; "Adventures of Tom Sawyer The" → "The Adventures of Tom Sawyer". */
export function relocateArticle(segment: string): string {
  const m = /^(.+?),?\s+(the|a|an)$/i.exec(segment.trim());
  if (m && (segment.includes(',') || m[2]!.toLowerCase() === 'the')) return `${m[2]} ${m[1]}`;
  return segment.trim();
}

/** Dash-separated segments of a folder-style name. Unspaced hyphens ("Catch-22") are not separators. */
export function dashSegments(text: string): string[] {
  return text
    .split(/\s+[-–—]+\s+|\s+--\s+/)
    .map((s) => relocateArticle(stripEditionTail(s.trim())))
    .filter((s) => s !== '');
}

/**
 * Colon-separated parts; "10:04" is not split. An alternative title after ", or" / "; or," counts as a
 * subtitle part too ("Frankenstein; or, The Modern Prometheus", "The Hobbit, or There and Back Again").
 */
export function colonParts(segment: string): string[] {
  return segment
    .replace(/\s*[,;]\s+(or,?\s+)/i, ': $1')
    .split(/\s*:(?!\d)\s*/)
    .map((s) => relocateArticle(stripEditionTail(s.trim())))
    .filter((s) => s !== '');
}

const VOLUME_WORDS = new Set(['vol', 'volume', 'vols', 'tome']);
/** Abbreviations titles spell either way: "Dr. Sleep" = "Doctor Sleep", "St. Lucy's Home" = "Saint Lucy's Home". */
const ABBREVIATIONS: Record<string, string> = { dr: 'doctor', mr: 'mister', st: 'saint', mt: 'mount', vs: 'versus' };

/** UK and US spellings meet: colour/color, realise/realize, centre/center, grey/gray. */
function foldSpelling(w: string): string {
  if (w === 'grey') return 'gray';
  if (w.length < 5) return w;
  if (w.length >= 6 && w.endsWith('tre')) return `${w.slice(0, -3)}ter`;
  if (!(w.includes('our') || w.includes('is'))) return w;
  return w.replace(/^([a-z]{2,})our(s?)$/, '$1or$2').replace(/^([a-z]{3,})is(e|ed|es|ing|ation|ations)$/, '$1iz$2');
}

/** "20,000 Leagues" → "20000 Leagues": thousands separators are not word breaks. */
const THOUSANDS_RE = /(?<![\d.,])(\d{1,3})((?:,\d{3})+)(?![\d,]|\.\d)/g;

/**
 * The one comparable form of title text, shared by the matcher and release selection: folded (normalizeText),
 * numbers as digits (words, ordinals and thousands separators: "Twenty Thousand" = "20,000" = "20000"),
 * UK/US spellings and abbreviations folded, volume words dropped ("Saga, Volume 2" = "Saga v2" = "saga 2"),
 * repeated words collapsed ("86 — Eighty-Six" = "86"), a leading article (and a trailing "the" left by a
 * sorted folder name) dropped.
 */
export function titleTokens(text: string): string[] {
  const unseparated = text.replace(THOUSANDS_RE, (_m, head: string, rest: string) => head + rest.replace(/,/g, ''));
  const words = foldNumbers(normalizeText(unseparated).split(' ').filter((w) => w !== ''));
  const out: string[] = [];
  for (const w of words) {
    if (VOLUME_WORDS.has(w)) continue;
    const v = /^v(\d{1,3})$/.exec(w);
    const word = v ? String(Number(v[1])) : /^0\d+$/.test(w) ? String(Number(w)) : (ABBREVIATIONS[w] ?? foldSpelling(w));
    if (out.length > 0 && out[out.length - 1] === word) continue;
    out.push(word);
  }
  if (out.length > 1 && (out[0] === 'the' || out[0] === 'a' || out[0] === 'an')) out.shift();
  if (out.length > 1 && out[out.length - 1] === 'the') out.pop();
  return out;
}

/** `titleTokens` as one string: the key titles are compared (and the library mirror stores) by. */
export function titleKey(text: string): string {
  return titleTokens(text).join(' ');
}

const SUBTITLE_START_RE = /^(?:a|an|or|how|why|what|when|where|being|from|introducing|notes|tales|stories|essays|lessons|reflections|rules|the story of|the true story|the life|the untold)\b/;
const SUBTITLE_WORD_RE = /\b(?:novel|novella|edition|memoir|stories|essays|biography|autobiography|guide|handbook|introduction|history of|life of)\b/;

/** Does this text read like a subtitle ("A Novel", "How U.S. Navy SEALs Lead and Win") rather than a title? */
export function subtitleLike(text: string): boolean {
  const n = normalizeText(text);
  if (SUBTITLE_START_RE.test(n) || SUBTITLE_WORD_RE.test(n)) return true;
  return n.split(' ').length >= 6;
}

export function significantWords(text: string): number {
  return titleKey(text).split(' ').filter((w) => w !== '').length;
}

/**
 * Keys of an ordered list of title parts (dash segments and colon parts already split):
 * the whole; the first part alone when what follows reads as a subtitle ("Dark Matter: A Novel");
 * what follows alone when the first part is a series name or the rest is a real multi-word title
 * ("Mistborn: The Well of Ascension"). "Chapterhouse: Dune" and "Magician: Apprentice" keep only the whole,
 * so they never meet "Dune" or "Magician". `isSeriesName` says whether a head before a subtitle is only a series name
 * (not when the record opens that series: "Dungeon Crawler Carl: A LitRPG Adventure"); `namesSeries` whether a
 * head before a title names a series at all.
 */
export function keysFromParts(
  parts: string[],
  isSeriesName: (text: string) => boolean,
  into: Set<string>,
  namesSeries: (text: string) => boolean = isSeriesName,
): void {
  if (parts.length === 0) return;
  const whole = titleKey(parts.join(' '));
  if (whole !== '') into.add(whole);
  if (parts.length < 2) return;
  const head = parts[0]!;
  const rest = parts.slice(1);
  if (subtitleLike(rest[0]!)) {
    // A bare number before a colon ("2001: A Space Odyssey") is not a title on its own, nor is a series name.
    if (/\p{L}/u.test(head) && !isSeriesName(head)) keysFromParts([head], isSeriesName, into, namesSeries);
    // "Sherlock Holmes - A Study in Scarlet": a title may itself start like a subtitle; a long one is kept.
    if (significantWords(rest.join(' ')) >= 3) keysFromParts(rest, isSeriesName, into, namesSeries);
  } else if (namesSeries(head) || significantWords(rest.join(' ')) >= 2) {
    // "The Riftwar Saga: Magician": a series name before a title is not part of it, also in the series' first book.
    keysFromParts(rest, isSeriesName, into, namesSeries);
  }
}

const LOOSE_DROP = new Set(['the', 'a', 'an', 'of']);

/**
 * A looser reading without articles, "of" and word breaks: "The Sign of the Four" = "The Sign of Four",
 * "Climbed Out of the Window" = "Climbed Out the Window", "Hitchhiker's Guide" = "Hitch Hiker's Guide".
 * Only used with agreeing authors.
 */
export function looseKey(key: string): string {
  const words = key.split(' ').filter((w) => w !== '' && !LOOSE_DROP.has(w));
  return words.length >= 2 ? words.join('') : '';
}

const JOINERS = new Set(['the', 'and', 'a', 'an', 'of']);

/**
 * "Percy Jackson and the Lightning Thief" read as series name + title: when a key starts with a series name
 * (or two or more of its words in order) followed only by joining words, the rest is a reading too.
 */
export function seriesTailKey(key: string, seriesNames: string[][]): string | null {
  const words = key.split(' ');
  for (const name of seriesNames) {
    for (let n = Math.min(name.length, words.length - 2); n >= 1; n--) {
      const head = words.slice(0, n);
      if (!isRunOf(name, head) || (n < 2 && n !== name.length)) continue;
      let i = n;
      // "Red Rising 2 Golden Son": one position number may follow the series name.
      if (i < words.length - 2 && /^\d{1,3}$/.test(words[i]!)) i++;
      while (i < words.length && JOINERS.has(words[i]!)) i++;
      const rest = words.slice(i);
      if (rest.length >= 2 && i > n) return rest.join(' ');
      if (rest.length >= 2 && n === name.length) return rest.join(' ');
    }
  }
  return null;
}

function isRunOf(large: string[], small: string[]): boolean {
  outer: for (let i = 0; i + small.length <= large.length; i++) {
    for (let j = 0; j < small.length; j++) if (large[i + j] !== small[j]) continue outer;
    return true;
  }
  return false;
}
