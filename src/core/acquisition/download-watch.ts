/**
 * What the download monitor concludes from one look at a torrent. Pure: the monitor job feeds it qBittorrent's answer
 * and what it remembered from the previous look, and stores the memory it returns.
 *
 * - Complete only when qBittorrent says nothing is left (`amount_left = 0`) with the metadata known and an upload-side
 *   state that is not a check: right after an add qBittorrent can show progress 1 for a moment while it checks, and a
 *   magnet without metadata has nothing to measure (one user lost a retry budget in a minute to the former).
 * - Stalled when nothing arrived for the stall time and no seed is connected; a torrent stopped or queued by someone
 *   is waiting on purpose, not stalled.
 * - `error`, `missingFiles` and a torrent that is gone from qBittorrent are failures of the download.
 */
export interface TorrentSnapshot {
  state: string;
  /** 0..1 */
  progress: number;
  amountLeftBytes: number;
  downloadSpeedBps: number;
  etaSeconds: number | null;
  connectedSeeds: number;
  swarmSeeds: number | null;
  hasMetadata: boolean;
}

/** Kept per download between looks. */
export interface WatchMemory {
  /** The fewest bytes left seen so far. */
  leastLeftBytes: number;
  /** When that number last went down (or when watching began). */
  lastProgressAt: Date;
}

export type DownloadVerdict =
  | { kind: 'completed' }
  | { kind: 'downloading'; progress: number; speedBps: number; etaSeconds: number | null; seeds: number; waiting: boolean }
  | { kind: 'failed'; reason: 'stalled' | 'error' | 'missing-files' | 'removed'; message: string };

const SEEDING_STATES = new Set(['uploading', 'stalledUP', 'queuedUP', 'forcedUP', 'stoppedUP']);
/** Waiting on purpose: no progress is expected. */
const WAITING_STATES = new Set(['stoppedDL', 'queuedDL', 'checkingDL', 'checkingUP', 'checkingResumeData', 'moving']);

export function judgeDownload(
  torrent: TorrentSnapshot | undefined,
  memory: WatchMemory | undefined,
  opts: { now: Date; stallMs: number },
): { verdict: DownloadVerdict; memory: WatchMemory } {
  const previous = memory ?? { leastLeftBytes: Number.POSITIVE_INFINITY, lastProgressAt: opts.now };
  if (!torrent) {
    return { verdict: { kind: 'failed', reason: 'removed', message: 'the torrent is no longer in qBittorrent (removed by someone)' }, memory: previous };
  }
  const next: WatchMemory =
    torrent.amountLeftBytes < previous.leastLeftBytes ? { leastLeftBytes: torrent.amountLeftBytes, lastProgressAt: opts.now } : previous;
  if (torrent.state === 'error') return { verdict: { kind: 'failed', reason: 'error', message: 'qBittorrent reports an error for this torrent' }, memory: next };
  if (torrent.state === 'missingFiles') {
    return { verdict: { kind: 'failed', reason: 'missing-files', message: "qBittorrent can no longer find the torrent's files" }, memory: next };
  }
  if (torrent.amountLeftBytes === 0 && torrent.hasMetadata && SEEDING_STATES.has(torrent.state)) return { verdict: { kind: 'completed' }, memory: next };

  const waiting = WAITING_STATES.has(torrent.state) || !torrent.hasMetadata;
  // Waiting on purpose does not count towards a stall: the clock restarts when it resumes.
  const watched = waiting ? { ...next, lastProgressAt: opts.now } : next;
  const idleMs = opts.now.getTime() - watched.lastProgressAt.getTime();
  if (!waiting && idleMs >= opts.stallMs && torrent.connectedSeeds === 0) {
    const minutes = Math.round(idleMs / 60_000);
    const swarm = torrent.swarmSeeds === null ? '' : ` (the tracker knows ${torrent.swarmSeeds} seed${torrent.swarmSeeds === 1 ? '' : 's'})`;
    return {
      verdict: { kind: 'failed', reason: 'stalled', message: `no data for ${minutes} min and no seed connected${swarm}, at ${Math.floor(torrent.progress * 100)} %` },
      memory: watched,
    };
  }
  return {
    verdict: {
      kind: 'downloading',
      progress: torrent.progress,
      speedBps: torrent.downloadSpeedBps,
      etaSeconds: torrent.etaSeconds,
      seeds: torrent.connectedSeeds,
      waiting,
    },
    memory: watched,
  };
}
