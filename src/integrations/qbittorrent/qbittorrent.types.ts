/** Domain shapes of the qBittorrent client: plain data, no wire field names. */

/** The list filters the service uses, in 5.x words; the client translates them for 4.x. */
export type TorrentListFilter = 'all' | 'downloading' | 'seeding' | 'completed' | 'stopped' | 'running';

export interface Torrent {
  /** v1 info hash (or truncated v2 id), lower-case hex. */
  hash: string;
  name: string;
  /** '' when uncategorised. */
  category: string;
  tags: string[];
  /** qBittorrent's raw state, 4.x `pausedUP` reported as 5.x `stoppedUP`. */
  state: string;
  /** 0..1 */
  progress: number;
  sizeBytes: number;
  savePath: string;
  /** The file itself (single-file) or the top folder: what to import. */
  contentPath: string;
  addedAt: Date;
  completedAt: Date | null;
  /** Finished downloading: progress 1 and an upload-side state. */
  isComplete: boolean;
  isStopped: boolean;
  /** Bytes still to download (qBittorrent's `amount_left`): 0 only once every wanted piece is there and checked. */
  amountLeftBytes: number;
  downloadSpeedBps: number;
  /** Seconds to completion; null when qBittorrent says "infinite" (8640000). */
  etaSeconds: number | null;
  /** Seeds connected to us now. */
  connectedSeeds: number;
  /** Seeds in the swarm as the tracker reports them; null when unknown. */
  swarmSeeds: number | null;
  /** The last time a piece was sent or received; null when never. */
  lastActivityAt: Date | null;
  /** False while a magnet's metadata is still being fetched. */
  hasMetadata: boolean;
}

export interface TorrentFile {
  index: number;
  /** Path inside the save path, e.g. "Book/part 1.mp3". */
  name: string;
  sizeBytes: number;
  progress: number;
}

export interface AddTorrentInput {
  /** Raw .torrent bytes; the info hash is computed locally from them. */
  torrent: Uint8Array;
  /** Upload part name; defaults to "<hash>.torrent". */
  filename?: string;
  category?: string;
  tags?: string[];
  savePath?: string;
  stopped?: boolean;
}

export interface AddTorrentResult {
  hash: string;
  name: string;
  /** False when qBittorrent already had this torrent (duplicates are refused, not re-added). */
  added: boolean;
}

export interface Category {
  name: string;
  savePath: string;
}

/** The preferences the service reads or sets (completion hook, save path). */
export interface QbtPreferences {
  savePath: string;
  autorunEnabled: boolean;
  autorunProgram: string;
  webUiPort: number | undefined;
}

export interface QbtVersionInfo {
  /** e.g. "v4.5.2", "v5.2.3" */
  app: string;
  /** Web API version, e.g. "2.8.19", "2.15.1" */
  webApi: string;
  /** 5.x (API ≥ 2.11) renamed pause/resume to stop/start and the `paused` filter/param to `stopped`. */
  usesStopStart: boolean;
  /** 5.2 (API ≥ 2.14) answers add with JSON and login with 204/401. */
  jsonAddReply: boolean;
}
