import { describe, expect, it } from 'vitest';
import { judgeDownload, type TorrentSnapshot, type WatchMemory } from '../../../src/core/acquisition/download-watch.js';

const MIN = 60_000;
const t0 = new Date('2026-12-01T10:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * MIN);
const torrent = (over: Partial<TorrentSnapshot> = {}): TorrentSnapshot => ({
  state: 'downloading',
  progress: 0.4,
  amountLeftBytes: 600,
  downloadSpeedBps: 1_000,
  etaSeconds: 60,
  connectedSeeds: 3,
  swarmSeeds: 12,
  hasMetadata: true,
  ...over,
});
const opts = (minutes: number) => ({ now: at(minutes), stallMs: 120 * MIN });

/** Looks at the same torrent again and again, carrying the memory, as the monitor job does. */
function watch(looks: Array<[number, Partial<TorrentSnapshot> | undefined]>) {
  let memory: WatchMemory | undefined;
  return looks.map(([minutes, over]) => {
    const out = judgeDownload(over === undefined ? undefined : torrent(over), memory, opts(minutes));
    memory = out.memory;
    return out.verdict;
  });
}

describe('download watch', () => {
  it('given nothing left, metadata known and a seeding state, then the download is complete', () => {
    expect(judgeDownload(torrent({ state: 'stalledUP', progress: 1, amountLeftBytes: 0 }), undefined, opts(0)).verdict).toEqual({ kind: 'completed' });
    expect(judgeDownload(torrent({ state: 'stoppedUP', progress: 1, amountLeftBytes: 0 }), undefined, opts(0)).verdict).toEqual({ kind: 'completed' });
  });

  it('given progress 1 right after an add while qBittorrent still checks, or bytes still left, then it is not complete', () => {
    expect(judgeDownload(torrent({ state: 'checkingUP', progress: 1, amountLeftBytes: 0 }), undefined, opts(0)).verdict.kind).toBe('downloading');
    expect(judgeDownload(torrent({ state: 'checkingResumeData', progress: 1, amountLeftBytes: 0 }), undefined, opts(0)).verdict.kind).toBe('downloading');
    expect(judgeDownload(torrent({ state: 'uploading', progress: 1, amountLeftBytes: 512 }), undefined, opts(0)).verdict.kind).toBe('downloading');
    expect(judgeDownload(torrent({ state: 'metaDL', progress: 1, amountLeftBytes: 0, hasMetadata: false }), undefined, opts(0)).verdict.kind).toBe('downloading');
  });

  it('given no data for the stall time and no seed connected, then it is stalled, saying for how long and what the tracker knows', () => {
    const verdicts = watch([
      [0, { amountLeftBytes: 600, connectedSeeds: 0, state: 'stalledDL' }],
      [60, { amountLeftBytes: 600, connectedSeeds: 0, state: 'stalledDL' }],
      [121, { amountLeftBytes: 600, connectedSeeds: 0, state: 'stalledDL', swarmSeeds: 0 }],
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['downloading', 'downloading', 'failed']);
    expect(verdicts[2]).toEqual({ kind: 'failed', reason: 'stalled', message: 'no data for 121 min and no seed connected (the tracker knows 0 seeds), at 40 %' });
  });

  it('given slow progress, or a seed connected, then it is not stalled', () => {
    const slow = watch([
      [0, { amountLeftBytes: 600, connectedSeeds: 0 }],
      [100, { amountLeftBytes: 599, connectedSeeds: 0 }],
      [200, { amountLeftBytes: 599, connectedSeeds: 0 }],
    ]);
    expect(slow.map((v) => v.kind)).toEqual(['downloading', 'downloading', 'downloading']);
    const seeded = watch([
      [0, { amountLeftBytes: 600 }],
      [500, { amountLeftBytes: 600, connectedSeeds: 1 }],
    ]);
    expect(seeded.map((v) => v.kind)).toEqual(['downloading', 'downloading']);
  });

  it('given a torrent stopped or queued by someone, then the wait does not count towards a stall', () => {
    const verdicts = watch([
      [0, { amountLeftBytes: 600, connectedSeeds: 0 }],
      [10, { amountLeftBytes: 600, connectedSeeds: 0, state: 'stoppedDL' }],
      [500, { amountLeftBytes: 600, connectedSeeds: 0, state: 'queuedDL' }],
      [560, { amountLeftBytes: 600, connectedSeeds: 0, state: 'stalledDL' }],
    ]);
    expect(verdicts.map((v) => v.kind)).toEqual(['downloading', 'downloading', 'downloading', 'downloading']);
    expect(verdicts[1]).toMatchObject({ waiting: true });
  });

  it('given an error, missing files or a torrent gone from qBittorrent, then the download failed with that reason', () => {
    expect(judgeDownload(torrent({ state: 'error' }), undefined, opts(0)).verdict).toMatchObject({ kind: 'failed', reason: 'error' });
    expect(judgeDownload(torrent({ state: 'missingFiles' }), undefined, opts(0)).verdict).toMatchObject({ kind: 'failed', reason: 'missing-files' });
    expect(judgeDownload(undefined, undefined, opts(0)).verdict).toMatchObject({ kind: 'failed', reason: 'removed' });
  });
});
