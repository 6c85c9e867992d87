import type { TorrentInfoWire } from './qbittorrent.schemas.js';
import type { Torrent, TorrentListFilter } from './qbittorrent.types.js';

const UP_STATES = new Set(['uploading', 'stalledUP', 'checkingUP', 'queuedUP', 'forcedUP', 'stoppedUP']);

/** qBittorrent's "no estimate" (100 days in seconds). */
const INFINITE_ETA = 8_640_000;

/** 4.x names for the paused states; the domain uses the 5.x names. */
const normaliseState = (state: string) => state.replace(/^paused(UP|DL)$/, 'stopped$1');

export function mapTorrent(w: TorrentInfoWire): Torrent {
  const state = normaliseState(w.state);
  return {
    hash: w.hash.toLowerCase(),
    name: w.name,
    category: w.category,
    tags: w.tags.split(',').map((t) => t.trim()).filter(Boolean),
    state,
    progress: w.progress,
    sizeBytes: w.total_size,
    savePath: w.save_path,
    contentPath: w.content_path,
    addedAt: new Date(w.added_on * 1000),
    // Epoch seconds; -1 (or 0 in old builds) means not completed yet.
    completedAt: w.completion_on > 0 ? new Date(w.completion_on * 1000) : null,
    isComplete: w.progress >= 1 && UP_STATES.has(state),
    isStopped: state === 'stoppedUP' || state === 'stoppedDL',
    amountLeftBytes: w.amount_left,
    downloadSpeedBps: w.dlspeed,
    etaSeconds: w.eta >= INFINITE_ETA ? null : w.eta,
    connectedSeeds: w.num_seeds,
    swarmSeeds: w.num_complete >= 0 ? w.num_complete : null,
    lastActivityAt: w.last_activity > 0 ? new Date(w.last_activity * 1000) : null,
    hasMetadata: w.has_metadata ?? true,
  };
}

/** An unknown filter value is silently treated as "all" by qBittorrent, so the 4.x names must be sent to 4.x. */
export function wireFilter(filter: TorrentListFilter, usesStopStart: boolean): string {
  if (usesStopStart) return filter;
  if (filter === 'stopped') return 'paused';
  if (filter === 'running') return 'resumed';
  return filter;
}
