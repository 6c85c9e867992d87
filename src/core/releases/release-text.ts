/**
 * First pass over a release name: undo dotted/underscored scene names, take off a file extension, and
 * lift bracketed groups ([...], (...), {...}) out of the free text. Later passes classify the groups and
 * the free-text segments.
 */
export interface ReleaseText {
  raw: string;
  /** The name with scene dots/underscores turned into spaces (brackets kept), for marker searches. */
  spaced: string;
  extension: string | null;
  /** Contents of bracketed groups, brackets removed, in order of appearance. */
  groups: string[];
  /** Contents of {curly} groups only: ASIN tags and narrator names live there. */
  braces: string[];
  /** Free-text segments: split at " - ", en/em dashes and at removed groups. */
  segments: string[];
}

const EXTENSION = /\.(pdf|epub|mobi|azw3?|cbz|cbr|djvu|fb2|m4b|m4a|mp3|flac|ogg|opus)$/i;
// A chunk of at least 12 characters with 3+ dots and no spaces is a scene name ("The.Dark.Forest.Cixin.Liu…");
// initials such as "J.R.R." stay short and keep their dots.
const DOTTED_CHUNK = /^(?=.{12,}$)(?:[^.\s]*\.){3,}[^\s]*$/;
const GROUP = /[[({]([^[\](){}]*)[\])}]/;
const BOUNDARY = '\u0000';

export function undotSceneName(name: string): string {
  return name
    .split(/\s+/)
    .map((chunk) => (DOTTED_CHUNK.test(chunk) ? chunk.replace(/[._]+/g, ' ') : chunk))
    .join(' ')
    .replace(/_+/g, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();
}

export function splitReleaseText(raw: string): ReleaseText {
  let text = raw.trim();
  let extension: string | null = null;
  const ext = EXTENSION.exec(text);
  if (ext?.[1]) {
    extension = ext[1].toLowerCase();
    text = text.slice(0, ext.index);
  }
  const spaced = undotSceneName(text);

  // Innermost groups first, so "(Read by X [narrator])" style nesting still comes apart; each removed group
  // leaves a boundary because text on either side of it belongs to different fields.
  const groups: { at: number; text: string; brace: boolean }[] = [];
  let rest = spaced;
  for (let m = GROUP.exec(rest); m; m = GROUP.exec(rest)) {
    groups.push({ at: m.index, text: (m[1] ?? '').trim(), brace: m[0].startsWith('{') });
    rest = `${rest.slice(0, m.index)} ${BOUNDARY} ${rest.slice(m.index + m[0].length)}`;
  }
  groups.sort((a, b) => a.at - b.at);

  const segments = rest
    .split(new RegExp(`\\s+[-–—]+\\s+|${BOUNDARY}|^\\s*[-–—]+\\s+|\\s+[-–—]+\\s*$`))
    .map((s) => s.replace(/\s{2,}/g, ' ').trim())
    .filter((s) => s !== '');

  const kept = groups.filter((g) => g.text !== '');
  return {
    raw,
    spaced,
    extension,
    groups: kept.map((g) => g.text),
    braces: kept.filter((g) => g.brace).map((g) => g.text),
    segments,
  };
}
