import type { BookRecord } from '../matching/index.js';
import type { IndexerResult } from '../releases/index.js';
import type { TorrentSnapshot, WatchMemory } from './download-watch.js';
import type { ReleaseSource, WantedState } from './states.js';
import type { ReleaseIdentity, WantedBook } from './wanted-book.port.js';

/**
 * The ports of the acquisition jobs (search, grab, download monitor): indexers, the torrent client and the storage of
 * releases and downloads. Implemented in src/app (indexers, torrent client, over the integration clients) and
 * src/db/repositories/download.repository.ts (storage); wanted_books itself is only ever written by its repository,
 * through the wanted operations.
 */

/** One indexer the search asks: Prowlarr (its audiobook categories) or MyAnonamouse directly. */
export interface ReleaseSearcher {
  source: ReleaseSource;
  /** The results of one query. Throws when the indexer is unreachable or refuses (an outage, never "no results"). */
  search(query: string): Promise<SearchAnswer>;
  /** The .torrent of a result (credentials never in an error). */
  download(result: IndexerResult): Promise<Uint8Array>;
  /** A private tracker's torrent must carry its tracker. */
  isPrivate(result: IndexerResult): boolean;
}

export interface SearchAnswer {
  results: IndexerResult[];
  /** Indexers that answered nothing because they are failing (Prowlarr swallows them): named in a failure. */
  unavailable: string[];
}

export interface TorrentState extends TorrentSnapshot {
  hash: string;
  name: string;
  tags: string[];
  savePath: string;
  contentPath: string;
  sizeBytes: number;
}

/** qBittorrent, as the grab and the monitor use it. */
export interface TorrentClientPort {
  /** Adds a .torrent; `added: false` when qBittorrent already had it (a duplicate is not an error). */
  add(input: { torrent: Uint8Array; category: string; tags: string[]; savePath?: string }): Promise<{ hash: string; added: boolean }>;
  torrents(hashes: readonly string[]): Promise<TorrentState[]>;
  remove(hashes: readonly string[], deleteFiles: boolean): Promise<void>;
}

/** A result as judged, for the `releases` table. */
export interface ReleaseRecord {
  source: ReleaseSource;
  result: IndexerResult;
  accepted: boolean;
  chosen: boolean;
  /** Why it was refused, or why it won / ranked. */
  reason: string;
  query: string;
  format: string | null;
}

export interface StoredRelease {
  id: string;
  guid: string;
}

/** A download of ours that the monitor follows. */
export interface WatchedDownload {
  id: string;
  wantedBookId: string;
  bookState: WantedState;
  bookUpdatedAt: Date;
  hash: string;
  name: string;
  releaseId: string | null;
  /** What blocklists the release when the download fails. */
  release: ReleaseIdentity;
  createdAt: Date;
  memory: WatchMemory | undefined;
  /** The .torrent as sent (for a re-add after a crash). */
  torrent: Uint8Array | null;
}

export interface NewDownload {
  wantedBookId: string;
  releaseId: string | null;
  hash: string;
  name: string;
  category: string;
  savePath: string | null;
  sizeBytes: number;
  torrent: Uint8Array;
}

export type ReserveResult =
  | { ok: true; downloadId: string; reused: boolean }
  /** The hash is already a download of another wanted book (or an active one of this book). */
  | { ok: false; reason: string };

export interface AcquisitionStore {
  /** APPROVED books in approval order (decided_at, then creation). */
  approvedQueue(limit: number): Promise<WantedBook[]>;
  /** Books taking a download slot: SEARCHING, GRABBED, DOWNLOADING. */
  activeCount(): Promise<number>;
  /** Runs `work` while holding a database-wide lock on `key` (every process): the claim and the grab are serialised. */
  serialized<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Stores the judged results of a search (one row per book and guid, the latest judgement kept). */
  recordReleases(wantedBookId: string, records: ReleaseRecord[]): Promise<StoredRelease[]>;
  /** Library books that could be this one (same ASIN or ISBN, or same title key): the matcher decides. */
  ownedCandidates(book: { asin: string | null; isbn: string | null; titleKeys: string[] }): Promise<(BookRecord & { id: string })[]>;
  /** Open downloads (not failed, not removed) of other wanted books, with those books, for the "same book" check. */
  otherOpenDownloads(wantedBookId: string): Promise<{ wantedBookId: string; book: BookRecord; hash: string }[]>;
  /** Writes the download row before the add (or takes back this book's own earlier row for the same hash). */
  reserveDownload(input: NewDownload): Promise<ReserveResult>;
  /** Removes a reserved row whose add was refused (the torrent was somebody else's). */
  dropDownload(downloadId: string): Promise<void>;
  /** Downloads of books in GRABBED or DOWNLOADING, and of SEARCHING books claimed before `staleBefore`. */
  watched(staleBefore: Date): Promise<WatchedDownload[]>;
  /** Unfinished downloads (queued, downloading) of books that turned CANCELLED or OWNED meanwhile. */
  abandoned(): Promise<{ id: string; hash: string; wantedBookId: string; bookState: WantedState }[]>;
  /** SEARCHING books claimed before `staleBefore` that have no download row (a search interrupted by a crash). */
  staleSearches(staleBefore: Date): Promise<WantedBook[]>;
  recordProgress(downloadId: string, look: { progress: number; speedBps: number; etaSeconds: number | null; seeds: number; memory: WatchMemory; downloading: boolean }): Promise<void>;
  markCompleted(downloadId: string, paths: { contentPath: string; savePath: string; sizeBytes: number }): Promise<void>;
  markFailed(downloadId: string, state: 'failed' | 'removed', error: string): Promise<void>;
}
