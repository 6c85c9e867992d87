import type { Clock } from '../clock.js';
import type { Log } from '../logger.port.js';
import type { AcquisitionStore, TorrentClientPort, TorrentState, WatchedDownload } from './acquisition.port.js';
import { judgeDownload } from './download-watch.js';
import { addReserved, type GrabSettings } from './grab.js';
import type { WantedOperations } from './wanted-operations.js';

export interface DownloadMonitorDeps {
  operations: WantedOperations;
  store: AcquisitionStore;
  torrents: TorrentClientPort;
  clock: Clock;
  log: Log;
  settings: GrabSettings & {
    /** DOWNLOAD_STALL_MINUTES in ms. */
    stallMs: number;
    maxActiveDownloads: number;
    /** A SEARCHING claim older than this belongs to a worker that stopped (default 10 min). */
    staleClaimMs?: number;
  };
}

export interface MonitorResult {
  watched: number;
  started: number;
  completed: number;
  failed: number;
  /** Books of a stopped worker taken over: adopted from qBittorrent, re-added, or failed cleanly. */
  recovered: number;
  /** Downloads of books cancelled or found owned meanwhile, taken out of qBittorrent. */
  abandoned: number;
  /** Download slots are free and approved books wait: the search should run. */
  slotsFree: boolean;
}

/** qBittorrent may list a torrent a refresh tick after the add: not "removed" in its first minute. */
const ADD_GRACE_MS = 60_000;
const DEFAULT_STALE_CLAIM_MS = 10 * 60_000;

/**
 * The download-monitor job's work, and the start-up sweep: every download of a GRABBED or DOWNLOADING book is
 * looked up in qBittorrent by hash and judged (judgeDownload, its memory kept on the download row): progress, speed,
 * ETA and seeds are stored; GRABBED → DOWNLOADING on first progress; completed → DOWNLOADED; stalled, error, missing
 * files or removed → a download failure that blocklists the release (the next acceptable one is tried on the retry
 * schedule). A book a stopped worker left SEARCHING with its download row written is adopted when qBittorrent has the
 * torrent, re-added from the stored .torrent when it has not; one left SEARCHING without a row fails cleanly.
 */
export function createDownloadMonitor(deps: DownloadMonitorDeps) {
  const { operations, store, torrents, clock, log, settings } = deps;

  async function warnIfRefused(r: { ok: boolean; message?: string }, w: { wantedBookId: string }, what: string) {
    if (!r.ok) log.warn({ wantedBookId: w.wantedBookId, refusal: r.message }, what);
  }

  async function recover(w: WatchedDownload, present: TorrentState | undefined, actor: string): Promise<void> {
    if (!present) {
      if (!w.torrent) {
        await store.markFailed(w.id, 'failed', 'the worker stopped before the add, and the .torrent was not kept');
        await warnIfRefused(await operations.recordFailure(w.wantedBookId, { stage: 'grab', errorType: 'interrupted', message: 'the grab was interrupted before the torrent reached qBittorrent', downloadId: w.id }, actor, { expect: 'SEARCHING' }), w, 'could not record the interrupted grab');
        return;
      }
      const added = await addReserved(w.wantedBookId, w.id, w.torrent, w.hash, true, { store, torrents, settings });
      if (added.kind !== 'grabbed') {
        const reason = 'reason' in added ? added.reason : 'not added';
        await warnIfRefused(await operations.recordFailure(w.wantedBookId, { stage: 'grab', errorType: 'interrupted', message: `the interrupted grab could not be completed: ${reason}`, downloadId: w.id }, actor, { expect: 'SEARCHING' }), w, 'could not record the interrupted grab');
        return;
      }
    }
    const moved = await operations.advance(w.wantedBookId, 'grab', actor, {
      expect: 'SEARCHING',
      reason: present ? 'found in qBittorrent after a restart (adopted)' : 're-added to qBittorrent after a restart',
      fields: [{ name: 'Release', value: w.release.title ?? w.name }],
    });
    await warnIfRefused(moved, w, 'could not move the recovered grab on');
  }

  return {
    async run(actor: string): Promise<MonitorResult> {
      const now = clock.now();
      const staleBefore = new Date(now.getTime() - (settings.staleClaimMs ?? DEFAULT_STALE_CLAIM_MS));
      const out: MonitorResult = { watched: 0, started: 0, completed: 0, failed: 0, recovered: 0, abandoned: 0, slotsFree: false };
      for (const book of await store.staleSearches(staleBefore)) {
        const r = await operations.recordFailure(book.id, { stage: 'search', errorType: 'interrupted', message: 'the search was interrupted (its worker stopped)' }, actor, { expect: 'SEARCHING' });
        if (r.ok) out.recovered += 1;
      }
      // A book cancelled or found owned while downloading: its torrent (ours, tagged) is taken out of qBittorrent,
      // with the partial data when a user cancelled it (an owned book's files may be of use to the user).
      for (const d of await store.abandoned()) {
        await torrents.remove([d.hash], d.bookState === 'CANCELLED');
        await store.markFailed(d.id, 'removed', d.bookState === 'CANCELLED' ? 'the wanted book was cancelled' : 'the book is in the library already');
        out.abandoned += 1;
      }
      const watched = await store.watched(staleBefore);
      out.watched = watched.length;
      const present = watched.length ? new Map((await torrents.torrents(watched.map((w) => w.hash))).map((t) => [t.hash.toLowerCase(), t])) : new Map<string, TorrentState>();
      for (const w of watched) {
        const torrent = present.get(w.hash.toLowerCase());
        if (w.bookState === 'SEARCHING') {
          await recover(w, torrent, actor);
          out.recovered += 1;
          continue;
        }
        if (!torrent && w.bookState === 'GRABBED' && now.getTime() - w.createdAt.getTime() < ADD_GRACE_MS) continue;
        const { verdict, memory } = judgeDownload(torrent, w.memory, { now, stallMs: settings.stallMs });
        if (verdict.kind === 'completed') {
          await store.markCompleted(w.id, { contentPath: torrent!.contentPath, savePath: torrent!.savePath, sizeBytes: torrent!.sizeBytes });
          const r = await operations.advance(w.wantedBookId, 'download-complete', actor, { expect: w.bookState, fields: [{ name: 'Release', value: torrent!.name }] });
          if (r.ok) out.completed += 1;
          continue;
        }
        if (verdict.kind === 'downloading') {
          const moving = verdict.progress > 0 || verdict.speedBps > 0;
          await store.recordProgress(w.id, { progress: verdict.progress, speedBps: verdict.speedBps, etaSeconds: verdict.etaSeconds, seeds: verdict.seeds, memory, downloading: moving });
          if (w.bookState === 'GRABBED' && moving) {
            const r = await operations.advance(w.wantedBookId, 'download-start', actor, { expect: 'GRABBED' });
            if (r.ok) out.started += 1;
          }
          continue;
        }
        await store.markFailed(w.id, verdict.reason === 'removed' ? 'removed' : 'failed', verdict.message);
        // A stalled torrent of ours is taken out of qBittorrent (it would hold a slot there for ever); an errored one
        // is left for the user to look at.
        if (verdict.reason === 'stalled') await torrents.remove([w.hash], true).catch((error: unknown) => log.warn({ err: error, hash: w.hash }, 'could not remove the stalled torrent'));
        const r = await operations.recordFailure(
          w.wantedBookId,
          { stage: 'download', errorType: verdict.reason, message: verdict.message, downloadId: w.id },
          actor,
          { expect: w.bookState, blocklist: w.release },
        );
        if (r.ok) out.failed += 1;
        else log.warn({ wantedBookId: w.wantedBookId, refusal: r.message }, 'could not record the failed download');
      }
      out.slotsFree = (await store.activeCount()) < settings.maxActiveDownloads && (await store.approvedQueue(1)).length > 0;
      return out;
    },
  };
}
