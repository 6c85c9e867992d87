import type { TorrentMeta } from '../../../src/core/torrent/index.js';

export type QbtVersion = '5.0' | '5.1' | '5.2';

export interface FakeTorrent {
  meta: TorrentMeta;
  hash: string;
  name: string;
  category: string;
  tags: string[];
  savePath: string;
  addedOn: number;
  completionOn: number;
  stopped: boolean;
  /** ms of "download" done so far; complete when >= downloadMs. */
  doneMs: number;
  runningSince: number | undefined;
  downloadMs: number;
  finishedFired: boolean;
}

const DL_STATES = new Set(['downloading', 'metaDL', 'forcedMetaDL', 'stalledDL', 'checkingDL', 'stoppedDL', 'queuedDL', 'forcedDL']);
const UP_STATES = new Set(['uploading', 'stalledUP', 'checkingUP', 'queuedUP', 'forcedUP', 'stoppedUP']);

/** Brings a torrent's progress up to `now` (the fake "downloads" at a fixed pace while running). */
export function tick(t: FakeTorrent, now: number): void {
  if (t.runningSince !== undefined) {
    t.doneMs += now - t.runningSince;
    t.runningSince = now;
  }
  if (t.doneMs >= t.downloadMs && t.completionOn < 0) t.completionOn = Math.floor(now / 1000);
}

export const progressOf = (t: FakeTorrent) => (t.downloadMs <= 0 ? 1 : Math.min(1, t.doneMs / t.downloadMs));

export function stateOf(t: FakeTorrent): string {
  const complete = progressOf(t) >= 1;
  if (t.stopped) return complete ? 'stoppedUP' : 'stoppedDL';
  return complete ? 'stalledUP' : 'downloading';
}

/** `torrents/info` filters (5.x names). Unknown values — including 4.x `paused`/`resumed` — mean "all", as in qBittorrent. */
export function matchesFilter(t: FakeTorrent, filter: string | undefined): boolean {
  const state = stateOf(t);
  switch (filter) {
    case 'downloading':
      return DL_STATES.has(state);
    case 'seeding':
      return UP_STATES.has(state) && state !== 'stoppedUP';
    case 'completed':
      return UP_STATES.has(state);
    case 'stopped':
      return t.stopped;
    case 'running':
      return !t.stopped;
    case 'active':
      return state === 'downloading';
    case 'inactive':
      return state !== 'downloading';
    case 'stalled':
      return state === 'stalledUP' || state === 'stalledDL';
    case 'stalled_uploading':
      return state === 'stalledUP';
    case 'stalled_downloading':
      return state === 'stalledDL';
    case 'checking':
    case 'moving':
    case 'errored':
      return false;
    default:
      return true;
  }
}

export function torrentJson(t: FakeTorrent, version: QbtVersion): Record<string, unknown> {
  const progress = progressOf(t);
  const size = t.meta.totalSize;
  const completed = Math.round(size * progress);
  const contentPath = t.meta.files.length === 1 && !t.meta.files[0]!.path.includes('/') ? `${t.savePath}/${t.meta.files[0]!.path}` : `${t.savePath}/${t.name}`;
  const base: Record<string, unknown> = {
    hash: t.hash,
    infohash_v1: t.meta.infoHash.v1 ?? '',
    infohash_v2: t.meta.infoHash.v2 ?? '',
    name: t.name,
    category: t.category,
    tags: t.tags.join(', '),
    state: stateOf(t),
    progress,
    size,
    total_size: size,
    amount_left: size - completed,
    completed,
    downloaded: completed,
    uploaded: 0,
    dlspeed: progress < 1 && !t.stopped ? 1_000_000 : 0,
    upspeed: 0,
    eta: progress >= 1 ? 8_640_000 : 1,
    ratio: 0,
    num_seeds: 0,
    num_leechs: 0,
    num_complete: 0,
    num_incomplete: 0,
    priority: 0,
    save_path: t.savePath,
    download_path: '',
    content_path: contentPath,
    root_path: t.meta.files.length > 1 || t.meta.files[0]?.path.includes('/') ? `${t.savePath}/${t.name}` : '',
    added_on: t.addedOn,
    completion_on: t.completionOn,
    last_activity: t.addedOn,
    seen_complete: t.completionOn,
    seeding_time: 0,
    time_active: Math.floor(t.doneMs / 1000),
    tracker: '',
    trackers_count: t.meta.trackers.length,
    private: t.meta.private,
    auto_tmm: false,
    force_start: false,
    seq_dl: false,
    f_l_piece_prio: false,
    super_seeding: false,
    ratio_limit: -2,
    seeding_time_limit: -2,
    inactive_seeding_time_limit: -2,
    max_ratio: -1,
    max_seeding_time: -1,
    magnet_uri: `magnet:?xt=urn:btih:${t.hash}&dn=${encodeURIComponent(t.name)}`,
    comment: '',
    has_metadata: true,
    availability: -1,
    reannounce: 0,
    dl_limit: -1,
    up_limit: -1,
    popularity: 0,
  };
  if (version === '5.2') {
    Object.assign(base, { connections_count: 0, connections_limit: 100, created_by: 'shelfkeeper tests', creation_date: 1_700_000_000, piece_size: 16384, pieces_have: progress >= 1 ? 1 : 0, pieces_num: 1, share_limit_action: 'Default', total_wasted: 0 });
  }
  return base;
}

export function filesJson(t: FakeTorrent): Array<Record<string, unknown>> {
  const progress = progressOf(t);
  return t.meta.files.map((f, index) => ({
    index,
    name: f.path,
    size: f.length,
    progress,
    priority: 1,
    is_seed: progress >= 1,
    piece_range: [0, 0],
    availability: progress >= 1 ? 1 : 0,
  }));
}
