import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { randomBytes, pbkdf2Sync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Runs Debian's real qbittorrent-nox (4.5.2 here) as a test peer, following ../shared/notes/qbittorrent.md:
 * the locked-down config (loopback only; no DHT, LSD, UPnP, PeX, port forwarding) is written into a private profile
 * BEFORE the first start, and every instance is stopped by its own PID.
 */
export const QBITTORRENT_NOX = '/usr/bin/qbittorrent-nox';

export interface RunningQbittorrent {
  /** WebUI base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  username: string;
  password: string;
  /** Default save path; tests put payloads here before adding their torrents. */
  savePath: string;
  profileDir: string;
  webuiPort: number;
  torrentPort: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Whether the binary is there. With CI=true a missing binary is an error (the suite must not silently skip the
 * real-qBittorrent checks there); elsewhere the caller may skip, with `reason` as the message.
 */
export function qbittorrentNoxAvailability(): { available: boolean; reason: string } {
  if (existsSync(QBITTORRENT_NOX)) return { available: true, reason: '' };
  const reason = `${QBITTORRENT_NOX} is not installed (apt-get install -y qbittorrent-nox); real-qBittorrent tests skipped`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason.replace('; real-qBittorrent tests skipped', '')}`);
  return { available: false, reason };
}

/** qBittorrent stores WebUI passwords as PBKDF2-HMAC-SHA512, 100000 iterations, 16-byte salt, 64-byte key. */
export function qbittorrentPasswordHash(password: string): string {
  const salt = randomBytes(16);
  const key = pbkdf2Sync(password, salt, 100_000, 64, 'sha512');
  return `@ByteArray(${salt.toString('base64')}:${key.toString('base64')})`;
}

// QSettings INI quoting: inside a quoted value, backslash and double quote are escaped with a backslash.
const iniQuote = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function lockedDownConfig(o: {
  webuiPort: number;
  torrentPort: number;
  savePath: string;
  username: string;
  password: string;
  autorunProgram?: string;
}): string {
  return [
    '[LegalNotice]',
    'Accepted=true',
    '',
    '[AutoRun]',
    `enabled=${o.autorunProgram ? 'true' : 'false'}`,
    `program=${iniQuote(o.autorunProgram ?? '')}`,
    '',
    '[BitTorrent]',
    'Session\\InterfaceAddress=127.0.0.1',
    `Session\\Port=${o.torrentPort}`,
    'Session\\DHTEnabled=false',
    'Session\\PeXEnabled=false',
    'Session\\LSDEnabled=false',
    'Session\\AddTrackersEnabled=false',
    'Session\\QueueingSystemEnabled=false',
    'Session\\MultiConnectionsPerIp=true',
    `Session\\DefaultSavePath=${iniQuote(o.savePath)}`,
    // Default 1500 ms: state changes and the finished hook wait for this tick.
    'Session\\RefreshInterval=250',
    'TrackerEnabled=false',
    '',
    '[Network]',
    'PortForwardingEnabled=false',
    '',
    '[Preferences]',
    'WebUI\\Address=127.0.0.1',
    `WebUI\\Port=${o.webuiPort}`,
    'WebUI\\UseUPnP=false',
    'Connection\\ResolvePeerCountries=false',
    'Search\\SearchEnabled=false',
    `WebUI\\Username=${o.username}`,
    `WebUI\\Password_PBKDF2=${iniQuote(qbittorrentPasswordHash(o.password))}`,
    // true: loopback requests must log in like any remote client, so the real login path is exercised.
    'WebUI\\LocalHostAuth=true',
    'WebUI\\MaxAuthenticationFailCount=1000',
    '',
    '[RSS]',
    'AutoDownloader\\EnableProcessing=false',
    'Session\\EnableProcessing=false',
    '',
  ].join('\n');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

let legalNoticeFlag: Promise<boolean> | undefined;
/** 4.5.2 rejects `--confirm-legal-notice`, newer versions want it; `--help` writes into $HOME, so give it a throw-away one. */
function supportsConfirmLegalNotice(): Promise<boolean> {
  legalNoticeFlag ??= (async () => {
    const home = await mkdtemp(path.join(os.tmpdir(), 'qbt-probe-'));
    try {
      const out = await new Promise<string>((resolve) => {
        execFile(QBITTORRENT_NOX, ['--help'], { env: isolatedEnv(home), timeout: 10_000 }, (_err, stdout, stderr) =>
          resolve(`${stdout}${stderr}`),
        );
      });
      return out.includes('--confirm-legal-notice');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  })();
  return legalNoticeFlag;
}

function isolatedEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, '.config'),
    XDG_DATA_HOME: path.join(home, '.local/share'),
    XDG_CACHE_HOME: path.join(home, '.cache'),
    LANG: 'C.UTF-8',
  };
}

export async function startQbittorrentNox(opts: { autorunProgram?: string; username?: string; password?: string } = {}): Promise<RunningQbittorrent> {
  const profileDir = await mkdtemp(path.join(os.tmpdir(), 'qbt-profile-'));
  const savePath = path.join(profileDir, 'downloads');
  await mkdir(savePath, { recursive: true });
  const username = opts.username ?? 'shelfkeeper';
  const password = opts.password ?? `pw-${randomBytes(9).toString('base64url')}`;
  const [webuiPort, torrentPort] = [await freePort(), await freePort()];

  // The config MUST exist before the first start: qBittorrent's defaults reach beyond loopback.
  const configDir = path.join(profileDir, 'qBittorrent', 'config');
  await mkdir(configDir, { recursive: true });
  const conf = { webuiPort, torrentPort, savePath, username, password, ...(opts.autorunProgram ? { autorunProgram: opts.autorunProgram } : {}) };
  await writeFile(path.join(configDir, 'qBittorrent.conf'), lockedDownConfig(conf), { mode: 0o600 });

  const args = [`--profile=${profileDir}`];
  if (await supportsConfirmLegalNotice()) args.push('--confirm-legal-notice');
  const child = spawn(QBITTORRENT_NOX, args, { env: isolatedEnv(profileDir), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  child.stderr?.on('data', (d: Buffer) => (output = (output + d.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${webuiPort}`;
  // Safety net: a test process that dies without calling stop() must not leave a qBittorrent running.
  const killOnExit = () => {
    if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
  };
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const stop = makeStop(child, exited, profileDir);
  try {
    await waitForApi(url, exited, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, username, password, savePath, profileDir, webuiPort, torrentPort, pid: child.pid!, stop };
}

async function waitForApi(url: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  let dead: number | null | undefined;
  void exited.then((code) => (dead = code ?? -1));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (dead !== undefined) throw new Error(`qbittorrent-nox exited (${dead}) before its API came up: ${output()}`);
    try {
      // Any HTTP answer (403 without a session) means the WebUI is listening.
      const res = await fetch(`${url}/api/v2/app/version`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`qbittorrent-nox API did not come up within 20 s: ${output()}`);
}

function makeStop(child: ChildProcess, exited: Promise<number | null>, profileDir: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null && child.pid) {
        process.kill(child.pid, 'SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 8000))]);
        if (timedOut && child.exitCode === null) {
          process.kill(child.pid, 'SIGKILL');
          await exited;
        }
      }
      await rm(profileDir, { recursive: true, force: true });
    })();
    return stopping;
  };
}
