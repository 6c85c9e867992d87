import { normalizeLanguageCode } from './language-markers.js';
import type { IndexerResult, Protocol } from './types.js';

/**
 * Normalising indexer rows into IndexerResult. The integration clients validate the raw JSON with zod;
 * these mappings only decide what the fields mean for release selection.
 */

/** The fields of a Prowlarr `GET /api/v1/search` row that release selection uses. */
export interface ProwlarrReleaseRow {
  guid: string;
  title: string;
  size: number;
  seeders?: number | null;
  leechers?: number | null;
  indexerId?: number;
  indexer?: string;
  categories?: { id: number }[];
  indexerFlags?: string[];
  protocol?: string;
  publishDate?: string | null;
  infoUrl?: string | null;
  downloadUrl?: string | null;
}

/**
 * Prowlarr folds MyAnonamouse's freeleech, personal freeleech and VIP-freeleech into one `freeleech` flag,
 * so through Prowlarr only `freeleech` is known; query MAM directly to tell them apart.
 */
export function fromProwlarr(row: ProwlarrReleaseRow): IndexerResult {
  const flags = (row.indexerFlags ?? []).map((f) => f.toLowerCase());
  const protocol: Protocol = row.protocol === 'torrent' || row.protocol === 'usenet' ? row.protocol : 'unknown';
  return {
    guid: row.guid,
    title: row.title,
    sizeBytes: row.size,
    seeders: row.seeders ?? null,
    leechers: row.leechers ?? null,
    categories: (row.categories ?? []).map((c) => c.id),
    indexer: row.indexer ?? '',
    ...(row.indexerId !== undefined ? { indexerId: row.indexerId } : {}),
    protocol,
    freeleech: flags.includes('freeleech'),
    vip: false,
    personalFreeleech: false,
    language: null,
    publishDate: row.publishDate ?? null,
    infoUrl: row.infoUrl ?? null,
    ...(row.downloadUrl ? { downloadUrl: row.downloadUrl } : {}),
  };
}

/** A row of MAM's `loadSearchJSONbasic.php` `data`; numbers may arrive as strings, booleans as 0/1. */
export interface MamSearchRow {
  id: number | string;
  title: string;
  author_info?: string | null;
  lang_code?: string | null;
  filetype?: string | null;
  size: string;
  seeders?: number | string | null;
  leechers?: number | string | null;
  main_cat?: number | string | null;
  category?: number | string | null;
  free?: number | string | boolean | null;
  vip?: number | string | boolean | null;
  fl_vip?: number | string | boolean | null;
  personal_freeleech?: number | string | boolean | null;
  added?: string | null;
}

const UNITS: Record<string, number> = { b: 1, kib: 2 ** 10, mib: 2 ** 20, gib: 2 ** 30, tib: 2 ** 40 };
UNITS.kb = UNITS.kib ?? 0;
UNITS.mb = UNITS.mib ?? 0;
UNITS.gb = UNITS.gib ?? 0;
UNITS.tb = UNITS.tib ?? 0;

/** "488.3 MiB", "1.2 GiB", "350.50 MB" (MAM means binary units) → bytes; null when unreadable. */
export function parseHumanSize(text: string): number | null {
  const m = /^\s*([\d.,]+)\s*([kmgt]?i?b)\s*$/i.exec(text);
  const unit = m?.[2] ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m?.[1] || unit === undefined) return null;
  const value = Number(m[1].replace(/,/g, ''));
  return Number.isFinite(value) ? Math.round(value * unit) : null;
}

/**
 * `{"123":"Andy Weir"}` inside a string. Read by scanning, not JSON.parse: parsed objects reorder numeric
 * keys (the first author would no longer come first), and MAM sometimes leaves quotes unescaped.
 */
export function parseMamPeople(info: string | null | undefined): string[] {
  if (!info) return [];
  return [...info.matchAll(/"\d+"\s*:\s*"(.*?)"(?=\s*[,}])/g)]
    .map((m) => decodeJsonString(m[1] ?? ''))
    .filter((name) => name !== '');
}

function decodeJsonString(raw: string): string {
  try {
    const value: unknown = JSON.parse(`"${raw}"`);
    return typeof value === 'string' ? value : raw;
  } catch {
    return raw; // unescaped quotes inside: the raw text is the name
  }
}

function flag(v: number | string | boolean | null | undefined): boolean {
  return v === true || v === 1 || v === '1';
}

function num(v: number | string | null | undefined): number | null {
  if (v === null || v === undefined || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

const MAIN_CATEGORY: Record<number, number> = { 13: 3030, 14: 7020, 15: 3000, 16: 3000 };

/**
 * A MAM row as release selection sees it: the name is built as Prowlarr builds it
 * ("{title} by {up to 5 authors} [{lang} / {FILETYPE}]") so both paths parse alike, and the three MAM
 * flags stay distinct (`fl_vip` marks a VIP torrent that is free for VIP members).
 */
export function fromMam(row: MamSearchRow): IndexerResult | null {
  const size = parseHumanSize(row.size);
  if (size === null) return null;
  const authors = parseMamPeople(row.author_info).slice(0, 5);
  const tags = [row.lang_code, row.filetype?.toUpperCase()].filter(Boolean).join(' / ');
  const title = `${row.title}${authors.length ? ` by ${authors.join(', ')}` : ''}${tags ? ` [${tags}]` : ''}`;
  const mainCat = num(row.main_cat);
  const subCat = num(row.category);
  const categories = [
    ...(mainCat !== null && MAIN_CATEGORY[mainCat] ? [MAIN_CATEGORY[mainCat] ?? 0] : []),
    ...(subCat !== null ? [100000 + subCat] : []),
  ];
  const url = `https://www.myanonamouse.net/t/${row.id}`;
  return {
    guid: url,
    title,
    sizeBytes: size,
    seeders: num(row.seeders),
    leechers: num(row.leechers),
    categories,
    indexer: 'MyAnonamouse',
    protocol: 'torrent',
    freeleech: flag(row.free),
    vip: flag(row.vip) || flag(row.fl_vip),
    personalFreeleech: flag(row.personal_freeleech),
    language: row.lang_code ? normalizeLanguageCode(row.lang_code) : null,
    publishDate: row.added ? `${row.added.replace(' ', 'T')}Z` : null,
    infoUrl: url,
  };
}
