import type { QbtVersion, FakeTorrent } from './qbittorrent.torrents.js';
import { tick } from './qbittorrent.torrents.js';

export interface QbtCategory {
  name: string;
  savePath: string;
}

/** Placeholder values of the "run external program on torrent finished" hook (contracts §3.5). */
export interface FinishedHookArgs {
  N: string;
  L: string;
  G: string;
  F: string;
  R: string;
  D: string;
  C: string;
  Z: string;
  T: string;
  I: string;
  J: string;
  K: string;
}

/** Everything one fake qBittorrent holds. */
export class QbtState {
  readonly torrents = new Map<string, FakeTorrent>();
  readonly categories = new Map<string, QbtCategory>();
  readonly tags = new Set<string>();
  preferences: Record<string, unknown>;
  /** How long a running torrent takes to "download" in the fake. */
  downloadMs = 150;
  /** Makes every upload count as a failure (like a bad file mixed with a refused magnet): 409 in 5.2, `Fails.` before. */
  refuseAdds = false;
  readonly finishedHooks: Array<(args: FinishedHookArgs) => void> = [];

  constructor(
    readonly version: QbtVersion,
    readonly savePath: string,
  ) {
    this.preferences = {
      save_path: savePath,
      autorun_enabled: false,
      autorun_program: '',
      autorun_on_torrent_added_enabled: false,
      autorun_on_torrent_added_program: '',
      web_ui_port: 0,
      dht: false,
      pex: false,
      lsd: false,
      upnp: false,
    };
  }

  /** Advances every torrent to now and fires the finished hook once per torrent that just completed. */
  refresh(now = Date.now()): void {
    for (const t of this.torrents.values()) {
      tick(t, now);
      if (t.completionOn >= 0 && !t.finishedFired) {
        t.finishedFired = true;
        const args = hookArgs(t);
        for (const hook of this.finishedHooks) hook(args);
      }
    }
  }

  ensureCategory(name: string): void {
    if (name && !this.categories.has(name)) this.categories.set(name, { name, savePath: '' });
  }
}

function hookArgs(t: FakeTorrent): FinishedHookArgs {
  const multi = t.meta.files.length > 1 || (t.meta.files[0]?.path.includes('/') ?? false);
  const root = multi ? `${t.savePath}/${t.name}` : '';
  return {
    N: t.name,
    L: t.category,
    G: t.tags.join(','),
    F: multi ? root : `${t.savePath}/${t.name}`,
    R: root,
    D: t.savePath,
    C: String(t.meta.files.length),
    Z: String(t.meta.totalSize),
    T: '',
    I: t.meta.infoHash.v1 ?? '-',
    J: t.meta.infoHash.v2 ?? '-',
    K: t.hash,
  };
}
