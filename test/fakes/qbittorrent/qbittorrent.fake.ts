import { startHttpFake, type FakeServer, type Fault, type FaultMode } from '../http-fake.js';
import { qbittorrentRoutes } from './qbittorrent.routes.js';
import { QbtSessions } from './qbittorrent.session.js';
import { QbtState, type FinishedHookArgs } from './qbittorrent.state.js';
import type { QbtVersion } from './qbittorrent.torrents.js';

export interface QbittorrentFakeOptions {
  /** Which behaviour to emulate (contracts §3.1); default 5.2. */
  version?: QbtVersion;
  username?: string;
  password?: string;
  savePath?: string;
  /** How long a running torrent takes to complete. */
  downloadMs?: number;
}

export interface QbittorrentFakeControls {
  state: QbtState;
  sessions: QbtSessions;
  username: string;
  password: string;
  savePath: string;
  /** Forgets every session (WebUI session timeout): the next call gets 403 and must log in again. */
  expireSessions(): void;
  /** Registers a callback fired like the "run external program on torrent finished" hook, with its placeholders. */
  onFinished(hook: (args: FinishedHookArgs) => void): void;
  faults: FakeServer['faults'];
  setFault(fault: Fault | FaultMode): void;
  requests: FakeServer['requests'];
}

export interface QbittorrentFake {
  url: string;
  controls: QbittorrentFakeControls;
  close(): Promise<void>;
}

/** A qBittorrent 5.x WebUI API v2 on 127.0.0.1:0 (contracts §3, §10). */
export async function startQbittorrentFake(options: QbittorrentFakeOptions = {}): Promise<QbittorrentFake> {
  const version = options.version ?? '5.2';
  const username = options.username ?? 'admin';
  const password = options.password ?? 'qbt-fake-password';
  const savePath = options.savePath ?? '/downloads';
  const state = new QbtState(version, savePath);
  if (options.downloadMs !== undefined) state.downloadMs = options.downloadMs;
  const sessions = new QbtSessions(version, username, password);
  // Finished hooks fire even when nobody polls, as the real client does.
  const ticker = setInterval(() => state.refresh(), 25);
  ticker.unref();

  const server = await startHttpFake((app) => qbittorrentRoutes(app, state, sessions), {
    // qBittorrent has no expiring tokens: an expired session is a 403 on the next call.
    expiredSession: (res) => void res.status(403).type('text/plain').send('Forbidden'),
    serverError: (res) => void res.status(500).type('text/plain').send('Internal Server Error'),
  });
  state.preferences.web_ui_port = Number(new URL(server.url).port);

  return {
    url: server.url,
    controls: {
      state,
      sessions,
      username,
      password,
      savePath,
      expireSessions: () => sessions.expireAll(),
      onFinished: (hook) => void state.finishedHooks.push(hook),
      faults: server.faults,
      setFault: (fault) => server.faults.set(fault),
      requests: server.requests,
    },
    close: async () => {
      clearInterval(ticker);
      await server.close();
    },
  };
}
