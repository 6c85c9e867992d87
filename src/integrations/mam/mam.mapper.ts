import type { IndexerResult } from '../../core/releases/types.js';
import { languageCode } from '../providers/provider-utils.js';
import { parsePeople, parseSeries, type MamSeries } from './mam.info-fields.js';
import { MAM_SIZE_RE, type MamTorrentRow } from './mam.schemas.js';

/** Where MyAnonamouse lives unless configured otherwise (guids and info URLs are built on it). */
export const MAM_BASE_URL = 'https://www.myanonamouse.net';

/** A MyAnonamouse torrent as the service uses it. */
export interface MamTorrent {
  id: number;
  title: string;
  authors: string[];
  narrators: string[];
  series: MamSeries[];
  mainCategory: number | null;
  category: number | null;
  categoryName: string | null;
  /** ISO 639-1 when recognised (MAM's lang_code "ENG" → "en"). */
  language: string | null;
  /** MAM's own code as given ("ENG"), which release names carry. */
  languageCode: string | null;
  fileType: string | null;
  sizeBytes: number;
  fileCount: number | null;
  seeders: number;
  leechers: number;
  snatches: number;
  /** ISO timestamp (MAM gives "yyyy-MM-dd HH:mm:ss" in UTC). */
  addedAt: string | null;
  /** Free for everyone. */
  freeleech: boolean;
  /** A VIP torrent (free for VIP members; no wedge can be spent on it). */
  vip: boolean;
  /** Free for VIP members (`fl_vip`). */
  freeleechVip: boolean;
  /** This user already spent a wedge on it. */
  personalFreeleech: boolean;
  tags: string | null;
  isbn: string | null;
  infoUrl: string;
  /** Private download token (only with dlLink searches): a credential, never log it. */
  downloadToken: string | null;
}

const UNITS: Record<string, number> = { b: 1, kb: 1024, kib: 1024, mb: 1024 ** 2, mib: 1024 ** 2, gb: 1024 ** 3, gib: 1024 ** 3, tb: 1024 ** 4, tib: 1024 ** 4 };

/**
 * "488.3 MiB", "1,024.5 KB" → bytes; MAM's units are binary whatever their label. A plain number is already bytes.
 * The schema only lets readable sizes through (MAM_SIZE_RE), so a row with an unreadable size is skipped, not 0 B.
 */
export function parseSize(size: string | number): number {
  if (typeof size === 'number') return Math.round(size);
  const m = MAM_SIZE_RE.exec(size);
  if (!m) return 0;
  const value = Number((m[1] ?? '0').replace(/,/g, ''));
  return Math.round(value * (UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

function utcIso(added: string | null | undefined): string | null {
  if (!added) return null;
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})$/.exec(added.trim());
  if (!m) return null;
  const date = new Date(`${m[1]}T${m[2]}Z`);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

export function mapMamTorrent(row: MamTorrentRow, baseUrl: string): MamTorrent {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    id: row.id,
    title: row.title,
    authors: parsePeople(row.author_info),
    narrators: parsePeople(row.narrator_info),
    series: parseSeries(row.series_info),
    mainCategory: row.main_cat ?? null,
    category: row.category ?? null,
    categoryName: row.catname ?? null,
    language: languageCode(row.lang_code),
    languageCode: row.lang_code?.trim() || null,
    fileType: row.filetype ?? null,
    sizeBytes: parseSize(row.size),
    fileCount: row.numfiles ?? null,
    seeders: row.seeders ?? 0,
    leechers: row.leechers ?? 0,
    snatches: row.times_completed ?? 0,
    addedAt: utcIso(row.added),
    freeleech: row.free,
    vip: row.vip,
    freeleechVip: row.fl_vip,
    personalFreeleech: row.personal_freeleech,
    tags: row.tags ?? null,
    isbn: row.isbn === null || row.isbn === undefined || row.isbn === '' ? null : String(row.isbn),
    infoUrl: `${base}/t/${row.id}`,
    downloadToken: row.dl || null,
  };
}

/**
 * Newznab ids as Prowlarr maps MAM's categories (Prowlarr `src/NzbDrone.Core/Indexers/Definitions/MyAnonamouse.cs`):
 * main category 13 AudioBooks → 3030, 14 E-Books → 7020 (comics 61 → 7030, magazines 79 → 7010, technical 80 → 7040);
 * the tracker's own sub-category as 100000 + id, Prowlarr's convention. Prowlarr files 15 Musicology and 16 Radio under
 * 3030 too; here they are the generic 3000 Audio (sound, not necessarily a book) — release selection accepts any 3xxx
 * category and judges such a release by its name like any other (a radio play is refused as dramatized).
 */
const MAIN_CATEGORY: Record<number, number> = { 13: 3030, 14: 7020, 15: 3000, 16: 3000 };
const EBOOK_SUB_CATEGORY: Record<number, number> = { 61: 7030, 79: 7010, 80: 7040 };

function categories(t: MamTorrent): number[] {
  const out: number[] = [];
  const main = t.mainCategory === null ? undefined : MAIN_CATEGORY[t.mainCategory];
  if (main !== undefined) out.push((t.mainCategory === 14 && t.category !== null ? EBOOK_SUB_CATEGORY[t.category] : undefined) ?? main);
  if (t.category !== null) out.push(100_000 + t.category);
  return out;
}

/**
 * A MAM torrent as release selection scores it (the one MAM → IndexerResult adapter). The name is built as Prowlarr
 * builds it for MAM — "{title} by {up to 5 authors} [{lang_code} / {FILETYPE}] [VIP]" — so a result reads alike
 * whichever way it was found. Unlike Prowlarr, the three MAM flags stay apart: `freeleech` (free for everyone),
 * `vip` (a VIP torrent or one free for VIP members: free for VIP-class users, and MAM takes no wedge on it) and
 * `personalFreeleech` (a wedge already spent).
 */
export function toIndexerResult(t: MamTorrent, baseUrl: string): IndexerResult {
  const base = baseUrl.replace(/\/+$/, '');
  const by = t.authors.length > 0 ? ` by ${t.authors.slice(0, 5).join(', ')}` : '';
  const tagParts = [t.languageCode, t.fileType?.toUpperCase()].filter((x): x is string => Boolean(x));
  const tags = tagParts.length > 0 ? ` [${tagParts.join(' / ')}]` : '';
  return {
    guid: t.infoUrl,
    title: `${t.title}${by}${tags}${t.vip ? ' [VIP]' : ''}`,
    sizeBytes: t.sizeBytes,
    seeders: t.seeders,
    leechers: t.leechers,
    categories: categories(t),
    indexer: 'MyAnonamouse',
    protocol: 'torrent',
    freeleech: t.freeleech,
    vip: t.vip || t.freeleechVip,
    personalFreeleech: t.personalFreeleech,
    language: t.language,
    publishDate: t.addedAt,
    infoUrl: t.infoUrl,
    downloadUrl: t.downloadToken ? `${base}/tor/download.php/${t.downloadToken}` : `${base}/tor/download.php?tid=${t.id}`,
  };
}
