import type { AudioFormat, EbookFormat } from './types.js';

/** Audio and ebook formats and the bitrate, read from anywhere in the name (groups, free text, extension). */
export interface FormatMarkers {
  format: AudioFormat | null;
  formatLabel: string | null;
  ebookFormats: EbookFormat[];
  bitrateKbps: number | null;
}

const AUDIO = /\b(m4b|m4a|mp3|flac|ogg|opus|aac|wma|wav|alac)\b/gi;
const EBOOK = /\b(epub|mobi|azw3|azw|pdf|cbz|cbr|djvu|fb2|lit)\b/gi;
const BITRATE = /\b(\d{2,3})\s?k(?:bps|bit(?:\/s)?|b\/s)?\b/i;

const AUDIO_RANK: Record<string, AudioFormat> = { m4b: 'm4b', m4a: 'm4a', mp3: 'mp3', flac: 'flac' };

/** Words that only say "this is an audio/ebook file" and never belong to a title. */
export const FORMAT_NOISE =
  /\b(?:m4b|m4a|mp3|flac|ogg|opus|aac|wma|wav|alac|epub|mobi|azw3|azw|pdf|cbz|cbr|djvu|fb2|\d{2,3}\s?k(?:bps|bit(?:\/s)?|b\/s)?)\b/gi;

export function readFormats(text: string, extension: string | null): FormatMarkers {
  const haystack = extension ? `${text} ${extension}` : text;
  const audio = [...haystack.matchAll(AUDIO)].map((m) => m[1] ?? '');
  const ebooks = [...new Set([...haystack.matchAll(EBOOK)].map((m) => (m[1] ?? '').toLowerCase() as EbookFormat))];
  // The first audio format stated wins: "[M4B] … mp3 sample" is rare, and the leading tag is the upload's own.
  const label = audio[0] ?? null;
  const format: AudioFormat | null = label === null ? null : (AUDIO_RANK[label.toLowerCase()] ?? 'other');
  const bitrate = BITRATE.exec(haystack);
  const kbps = bitrate ? Number(bitrate[1]) : null;
  return {
    format,
    formatLabel: label === null ? null : label.toUpperCase(),
    ebookFormats: ebooks,
    bitrateKbps: kbps !== null && kbps >= 16 && kbps <= 512 ? kbps : null,
  };
}
