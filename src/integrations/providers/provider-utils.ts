import { load } from 'cheerio';
import { IntegrationError } from '../http/errors.js';

/** HTML (Audible summaries, Google descriptions) to plain text, keeping paragraph and line breaks. */
export function htmlToText(html: string | null | undefined): string | null {
  if (!html) return null;
  if (!/[<&]/.test(html)) return html.trim() || null;
  const $ = load(html.replace(/<br\s*\/?>/gi, '\n').replace(/<\/(p|div|li|h[1-6])>/gi, '</$1>\n'));
  const text = $.root()
    .text()
    .replace(/[ \t\u00a0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text || null;
}

/** Digits (and a final X) of an ISBN-10/13, or null when it is neither. */
export function normaliseIsbn(raw: string): string | null {
  const compact = raw.replace(/[\s-]/g, '').toUpperCase();
  return /^(\d{13}|\d{9}[\dX])$/.test(compact) ? compact : null;
}

/** Prefers an ISBN-13 from a list of candidates. */
export function pickIsbn(candidates: ReadonlyArray<string | null | undefined>): string | null {
  const valid = candidates.map((c) => (c ? normaliseIsbn(c) : null)).filter((c): c is string => c !== null);
  return valid.find((c) => c.length === 13) ?? valid[0] ?? null;
}

/** Year from "2021", "2021-05", "2021-05-04", "May 04, 2021", an ISO timestamp… */
export function yearOf(value: string | number | null | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 && value < 3000 ? value : null;
  const match = value ? /\b(\d{4})\b/.exec(value) : null;
  return match ? Number(match[1]) : null;
}

/** The leading number of a series position ("1.5", "Book 2", "3, Dramatized Adaptation"). */
export function positionNumber(position: string | number | null | undefined): number | null {
  if (typeof position === 'number') return Number.isFinite(position) ? position : null;
  const match = position ? /(\d+(?:\.\d+)?)/.exec(position) : null;
  return match ? Number(match[1]) : null;
}

/** Formats a float position without a trailing ".0" (Hardcover's 1.0 → "1"). */
export function positionText(position: number | null | undefined): string | null {
  if (position === null || position === undefined || !Number.isFinite(position)) return null;
  return String(position);
}

export function httpsUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  return url.replace(/^http:\/\//i, 'https://');
}

const LANGUAGES: Record<string, string> = {
  english: 'en', eng: 'en', en: 'en', german: 'de', ger: 'de', deu: 'de', de: 'de', french: 'fr', fre: 'fr', fra: 'fr', fr: 'fr',
  spanish: 'es', spa: 'es', es: 'es', italian: 'it', ita: 'it', it: 'it', japanese: 'ja', jpn: 'ja', ja: 'ja',
  dutch: 'nl', dut: 'nl', nld: 'nl', nl: 'nl', portuguese: 'pt', por: 'pt', pt: 'pt', russian: 'ru', rus: 'ru', ru: 'ru',
  swedish: 'sv', swe: 'sv', sv: 'sv', polish: 'pl', pol: 'pl', pl: 'pl', chinese: 'zh', chi: 'zh', zho: 'zh', zh: 'zh',
};

/** ISO 639-1 for names and 639-2 codes ("english", "eng", "/languages/eng"); unknown values lower-cased as given. */
export function languageCode(value: string | null | undefined): string | null {
  if (!value) return null;
  const key = value.toLowerCase().replace(/^\/languages\//, '').trim();
  return LANGUAGES[key] ?? (key || null);
}

/** Case- and accent-insensitive name comparison for filtering an author's books. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return norm(a) === norm(b);
}

/** Turns a not_found IntegrationError into null (the only failure that means "no such book"). */
export async function nullIfNotFound<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof IntegrationError && error.code === 'not_found') return null;
    throw error;
  }
}

/** Drops duplicates (same key) keeping the first. */
export function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
