import { compareBooks, titleKey, type BookRecord } from '../matching/index.js';
import { mirrorTitleKeys } from './wanted-keys.js';
import { isMyAnonamouse } from '../releases/index.js';
import type { AcquisitionStore, TorrentClientPort } from './acquisition.port.js';
import { checkGrab } from './grab-check.js';
import type { Candidate } from './release-search.js';
import type { WantedBook } from './wanted-book.port.js';

export interface GrabSettings {
  /** QBITTORRENT_CATEGORY */
  category: string;
  /** DOWNLOAD_ROOT: the save path of every torrent the service adds (qBittorrent's default when unset). */
  downloadRoot?: string | undefined;
  /** MAM_MIN_BUFFER_GB in bytes: a non-freeleech MyAnonamouse grab must leave at least this much buffer. */
  mamMinBufferBytes: number;
}

export interface GrabDeps {
  store: AcquisitionStore;
  torrents: TorrentClientPort;
  settings: GrabSettings;
  /** The MyAnonamouse upload buffer in bytes (uploaded − downloaded); null when unknown. Absent: MAM not configured. */
  mamBuffer?: () => Promise<number | null>;
}

export type GrabOutcome =
  | { kind: 'grabbed'; downloadId: string; hash: string; adopted: boolean }
  /** This release cannot be grabbed: the next acceptable one is tried. */
  | { kind: 'refused'; reason: string }
  /** The book is in the library already. */
  | { kind: 'owned'; libraryBookId: string; reason: string }
  /** The grab itself failed (the book is being downloaded under another wanted book, qBittorrent unreachable). */
  | { kind: 'failed'; errorType: string; reason: string };

export const ourTags = (wantedBookId: string) => ['shelfkeeper', `wanted-${wantedBookId}`];

export function bookRecord(book: WantedBook): BookRecord {
  return {
    title: book.title,
    subtitle: book.subtitle,
    authors: book.authors,
    narrators: book.narrators,
    series: book.seriesName ? [{ name: book.seriesName, sequence: book.seriesSequence }] : [],
    asin: book.asin,
    isbn: book.isbn,
  };
}

const GIB = 1024 ** 3;

/**
 * Grabs one acceptable release, never twice: the .torrent is fetched and checked (hash known before the add, a
 * private tracker's torrent carries its tracker), then, under a lock on the book's title key held by every process,
 * the book is checked not owned (mirror + matcher) and not downloading under another wanted book, and the download
 * row is written with its hash before anything is sent to qBittorrent. A torrent qBittorrent already has is adopted
 * only when it is ours.
 */
export async function grabCandidate(book: WantedBook, candidate: Candidate, releaseId: string | null, deps: GrabDeps): Promise<GrabOutcome> {
  const result = candidate.judgement.result;
  if (isMyAnonamouse(result) && !candidate.judgement.free && deps.mamBuffer) {
    const buffer = await deps.mamBuffer();
    if (buffer !== null && buffer - result.sizeBytes < deps.settings.mamMinBufferBytes) {
      return {
        kind: 'refused',
        reason: `not freeleech, and the MyAnonamouse buffer (${(buffer / GIB).toFixed(1)} GiB) would fall under MAM_MIN_BUFFER_GB (${(deps.settings.mamMinBufferBytes / GIB).toFixed(0)} GiB)`,
      };
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await candidate.searcher.download(result);
  } catch (error) {
    return { kind: 'refused', reason: `the .torrent could not be fetched: ${error instanceof Error ? error.message : String(error)}` };
  }
  const check = checkGrab({ torrent: bytes }, { privateIndexer: candidate.searcher.isPrivate(result) });
  if (!check.ok) return { kind: 'refused', reason: check.reason };
  if (check.payload.kind !== 'torrent') return { kind: 'refused', reason: 'only .torrent files are added' };
  const payload = check.payload;
  const record = bookRecord(book);
  const key = titleKey(book.title) || book.id;

  const reserved = await deps.store.serialized(`grab:${key}`, async (): Promise<GrabOutcome | { kind: 'reserved'; downloadId: string; reused: boolean }> => {
    const owned = (await deps.store.ownedCandidates({ asin: book.asin, isbn: book.isbn, titleKeys: mirrorTitleKeys(book.title) })).find((c) => compareBooks(c, record).same);
    if (owned) return { kind: 'owned', libraryBookId: owned.id, reason: `already in the library as "${owned.title}"` };
    for (const other of await deps.store.otherOpenDownloads(book.id)) {
      if (other.hash === payload.hash || compareBooks(other.book, record).same) {
        return { kind: 'failed', errorType: 'downloading-elsewhere', reason: `"${other.book.title}" is already downloading for wanted book ${other.wantedBookId}` };
      }
    }
    const r = await deps.store.reserveDownload({
      wantedBookId: book.id,
      releaseId,
      hash: payload.hash,
      name: payload.name,
      category: deps.settings.category,
      savePath: deps.settings.downloadRoot ?? null,
      sizeBytes: payload.sizeBytes,
      torrent: payload.bytes,
    });
    return r.ok ? { kind: 'reserved', downloadId: r.downloadId, reused: r.reused } : { kind: 'refused', reason: r.reason };
  });
  if (reserved.kind !== 'reserved') return reserved;

  return addReserved(book.id, reserved.downloadId, payload.bytes, payload.hash, reserved.reused, deps);
}

/** Sends a reserved download to qBittorrent; a torrent it already has is adopted when it is ours, else refused. */
export async function addReserved(wantedBookId: string, downloadId: string, torrent: Uint8Array, hash: string, rowWasOurs: boolean, deps: Pick<GrabDeps, 'store' | 'torrents' | 'settings'>): Promise<GrabOutcome> {
  let added: boolean;
  try {
    ({ added } = await deps.torrents.add({
      torrent,
      category: deps.settings.category,
      tags: ourTags(wantedBookId),
      ...(deps.settings.downloadRoot ? { savePath: deps.settings.downloadRoot } : {}),
    }));
  } catch (error) {
    const reason = `qBittorrent did not take the torrent: ${error instanceof Error ? error.message : String(error)}`;
    await deps.store.markFailed(downloadId, 'failed', reason);
    return { kind: 'failed', errorType: 'qbittorrent-add', reason };
  }
  if (!added) {
    const [present] = await deps.torrents.torrents([hash]);
    const ours = rowWasOurs || (present?.tags.includes(`wanted-${wantedBookId}`) ?? false);
    if (!ours) {
      await deps.store.dropDownload(downloadId);
      return { kind: 'refused', reason: 'qBittorrent already has this torrent, added by someone else' };
    }
  }
  return { kind: 'grabbed', downloadId, hash, adopted: !added };
}
