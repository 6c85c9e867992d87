/**
 * Folder and file names made safe for any filesystem a library may live on (ext4, ZFS, SMB/NTFS shares): one path
 * component never contains a separator, never is or becomes `.`/`..`, carries no control character, is no Windows
 * device name, ends in neither a dot nor a space, and fits in 255 bytes of UTF-8 (cut between user-perceived
 * characters, never inside one). Unicode is kept, normalised to NFC so the same title always gives the same bytes.
 */

export const MAX_COMPONENT_BYTES = 255;

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;
/** Windows device names, alone or before an extension ("CON", "nul.txt", "COM1", "LPT¹"). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/iu;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const encoder = new TextEncoder();

export const utf8Bytes = (value: string): number => encoder.encode(value).length;

/** The longest prefix of `value` (whole graphemes) within `maxBytes` of UTF-8. */
export function truncateUtf8(value: string, maxBytes: number): string {
  if (utf8Bytes(value) <= maxBytes) return value;
  let out = '';
  let used = 0;
  for (const { segment } of segmenter.segment(value)) {
    const size = utf8Bytes(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/**
 * Characters that are legal on Linux but break SMB/NTFS shares are replaced by look-alikes that keep the name
 * readable: `Title: Subtitle` → `Title - Subtitle`, `AC/DC` → `AC-DC`, `"Quoted"` → `'Quoted'`, `Why?` → `Why`.
 */
function replaceUnsafeCharacters(value: string): string {
  // Separators become dashes; the pieces between them that are only dots ("..") are dropped first.
  const pieces = value.split(/(\s*[/\\|]+\s*)/u);
  let joined = '';
  for (let i = 0; i < pieces.length; i += 2) {
    const piece = pieces[i]!;
    if (/^[\s.]*$/u.test(piece)) continue;
    const separator = pieces[i - 1];
    if (joined !== '' && separator !== undefined) joined += separator.trim() === separator ? '-' : ' - ';
    joined += piece;
  }
  return joined
    .replace(/:(\s)/gu, ' -$1')
    .replace(/:/gu, '-')
    .replace(/"/gu, "'")
    .replace(/[<>?*]/gu, '');
}

function avoidReserved(value: string): string {
  const dot = value.indexOf('.');
  const base = dot === -1 ? value : value.slice(0, dot);
  return RESERVED.test(base) ? `${base}_${value.slice(base.length)}` : value;
}

/** Trim spaces, and dots at either end (a leading dot hides the folder from Audiobookshelf's scanner). */
const trimEnds = (value: string) => value.replace(/^[\s.]+|[\s.]+$/gu, '');

/**
 * One path component from free text. Answers '' when nothing usable is left (the caller decides the fallback).
 * `maxBytes` defaults to the 255-byte limit of ext4, btrfs, ZFS and NTFS.
 */
export function safeComponent(raw: string, maxBytes = MAX_COMPONENT_BYTES): string {
  const cleaned = trimEnds(
    replaceUnsafeCharacters(raw.normalize('NFC').replace(CONTROL, ' '))
      .replace(/\s+/gu, ' '),
  );
  if (cleaned === '') return '';
  return trimEnds(truncateUtf8(avoidReserved(cleaned), maxBytes));
}

/** A file name: the stem made safe and cut so the whole name fits in `maxBytes`, the extension kept as written. */
export function safeFileName(raw: string, maxBytes = MAX_COMPONENT_BYTES): string {
  const nfc = raw.normalize('NFC');
  const match = /^(.*?)(\.[A-Za-z0-9]{1,8})$/u.exec(nfc);
  const stem = match ? match[1]! : nfc;
  const ext = match ? match[2]! : '';
  const safeStem = safeComponent(stem, maxBytes - utf8Bytes(ext)) || 'file';
  return `${safeStem}${ext}`;
}

/** True when `value` could be used as one component as it is (what safeComponent leaves unchanged). */
export const isSafeComponent = (value: string): boolean => value !== '' && safeComponent(value) === value;
