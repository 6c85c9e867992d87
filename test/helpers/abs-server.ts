import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { layOutBook, type AbsBookLayout } from './abs-books.js';
import { freePort } from './qbittorrent-nox.js';

/**
 * Runs the real, unmodified Audiobookshelf 2.36.0 (../shared/vendor/audiobookshelf-2.36.0) as a test peer:
 * installed once per package-lock into a cache folder outside the repository, started on loopback with its own
 * CONFIG_PATH, METADATA_PATH and library folder, set up through its own API, and stopped by its process group.
 */
export const ABS_VENDOR_DIR = process.env.ABS_VENDOR_DIR ?? path.resolve(fileURLToPath(import.meta.url), '../../../../shared/vendor/audiobookshelf-2.36.0');
export const FFMPEG = '/usr/bin/ffmpeg';
export const FFPROBE = '/usr/bin/ffprobe';
/** A cold install takes 1-4 min (sqlite3 builds from source; ~4 min on a loaded 2-core machine). */
export const ABS_INSTALL_TIMEOUT_MS = 10 * 60_000;
/** An install lock older than this is left from a killed run. */
const STALE_LOCK_MS = 15 * 60_000;
/** For beforeAll around startAbsServer after absServerAvailability(): start, set-up, laying out books and scans. */
export const ABS_HOOK_TIMEOUT_MS = 120_000;

export interface RunningAbs {
  url: string;
  username: string;
  password: string;
  /** An API key of the root user (REST only: ABS refuses API keys on its socket). */
  apiKey: string;
  /** The root user's access token from POST /login (REST and socket; valid 1 h). */
  userToken: string;
  userId: string;
  libraryId: string;
  /** Absolute path of the library's folder (as ABS reports it in `folders[].fullPath` and item paths). */
  libraryFolder: string;
  pid: number;
  /** Lays out a book folder with real audio files (and a metadata.json when given); ABS sees it at the next scan. */
  addBook(book: AbsBookLayout): Promise<string>;
  /** Deletes a book folder from disk (ABS marks the item missing at the next scan). */
  removeBookFolder(relPath: string): Promise<void>;
  /** POST /api/libraries/:id/scan and wait until the library's lastScan moves (ABS answers before scanning). */
  scan(options?: { force?: boolean; timeoutMs?: number }): Promise<void>;
  /** A fresh user access token through POST /login. */
  login(): Promise<string>;
  /** An authenticated request as root (API key): for set-up steps the client under test has no call for. */
  api<T = unknown>(method: string, apiPath: string, body?: unknown): Promise<T>;
  /** The last lines ABS wrote to stdout/stderr (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * The group leader: runs ABS as its child and takes the whole group down when its stdin closes, so a test process
 * that dies without calling stop() (a killed worker, a crash) leaves no Audiobookshelf and no temp folder behind. On stop()'s SIGTERM
 * to the group it waits for ABS to exit and exits with its code.
 */
const GROUP_GUARD = `
const { spawn } = require('node:child_process');
const parent = process.ppid;
let orphaned = false;
// ABS's temp folder (the argument), then whatever else is left in the group, this guard included.
const cleanUp = () => {
  try { require('node:fs').rmSync(process.argv[1], { recursive: true, force: true }); } catch {}
  try { process.kill(-process.pid, 'SIGKILL'); } catch {}
};
const abs = spawn(process.execPath, ['index.js'], { stdio: ['ignore', 'inherit', 'inherit'] });
// ABS may die first when its output pipe breaks with the test process: re-parenting shows it was orphaned.
abs.on('exit', (code, signal) => {
  if (orphaned || process.ppid !== parent) cleanUp();
  process.exit(code ?? (signal ? 128 : 0));
});
const down = () => {
  orphaned = true;
  if (abs.exitCode !== null || abs.signalCode !== null) cleanUp();
  else abs.kill('SIGKILL');
};
process.stdin.on('end', down);
process.stdin.on('error', down);
process.stdin.resume();
process.on('SIGTERM', () => {});
`;

const cacheRoot = () => path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'shelfkeeper-test');

/** Where this vendor tree's install lives: one folder per package-lock content. */
export function absInstallDir(): string {
  const lock = readFileSync(path.join(ABS_VENDOR_DIR, 'package-lock.json'));
  return path.join(cacheRoot(), `audiobookshelf-2.36.0-${createHash('sha256').update(lock).digest('hex').slice(0, 12)}`);
}

/**
 * Whether the real ABS can run here: ffmpeg/ffprobe, npm and the vendored server present, and its install (done once
 * into the cache, 1-4 min cold) succeeded. Await it at the top of a test file, so the install is not charged to any
 * test or hook. Not available → the caller skips with `reason`; with CI=true it throws instead (CI never silently
 * skips the real-Audiobookshelf checks).
 */
export async function absServerAvailability(): Promise<{ available: boolean; reason: string }> {
  const missing = [
    !existsSync(path.join(ABS_VENDOR_DIR, 'package-lock.json')) && `the vendored server (${ABS_VENDOR_DIR})`,
    !existsSync(FFMPEG) && `${FFMPEG} (apt-get install -y ffmpeg)`,
    !existsSync(FFPROBE) && `${FFPROBE} (apt-get install -y ffmpeg)`,
    spawnSync('npm', ['--version'], { stdio: 'ignore' }).status !== 0 && 'npm',
  ].filter((m): m is string => typeof m === 'string');
  let problem = missing.length > 0 ? `missing ${missing.join(', ')}` : '';
  if (!problem) {
    try {
      await ensureAbsInstalled();
    } catch (err) {
      problem = `installing it failed: ${(err as Error).message}`;
    }
  }
  if (!problem) return { available: true, reason: '' };
  if (process.env.CI === 'true') throw new Error(`CI=true but the real Audiobookshelf cannot run: ${problem}`);
  return { available: false, reason: `real Audiobookshelf unavailable (${problem}); its tests skipped` };
}

let installing: Promise<string> | undefined;

/**
 * Installs ABS's production dependencies once into the cache (npm ci in a private copy, then an atomic rename of the
 * finished folder), safe when several test processes ask at once: one holds a mkdir lock, the others wait for the
 * folder to appear. Returns the install folder.
 */
export function ensureAbsInstalled(): Promise<string> {
  installing ??= install();
  return installing;
}

async function install(): Promise<string> {
  const dir = absInstallDir();
  const lock = `${dir}.lock`;
  await mkdir(path.dirname(dir), { recursive: true });
  const deadline = Date.now() + ABS_INSTALL_TIMEOUT_MS;
  for (;;) {
    if (existsSync(path.join(dir, 'node_modules'))) return dir;
    try {
      await mkdir(lock);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // Another process is installing.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > STALE_LOCK_MS) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another process to install Audiobookshelf into ${dir}`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (existsSync(path.join(dir, 'node_modules'))) return dir;
      const staging = `${dir}.tmp-${process.pid}-${randomBytes(3).toString('hex')}`;
      try {
        await cp(ABS_VENDOR_DIR, staging, { recursive: true });
        // The vendor tree is read-only and cp keeps modes: npm must be able to write node_modules, and a later
        // clean-up to delete the folder.
        if (spawnSync('chmod', ['-R', 'u+w', staging]).status !== 0) throw new Error(`chmod -R u+w ${staging} failed`);
        await runNpmCi(staging);
        await rename(staging, dir);
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
      return dir;
    } finally {
      await rm(lock, { recursive: true, force: true });
    }
  }
}

function runNpmCi(cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Not the npm_* settings of an enclosing `npm test` (prefix, scripts, workspace): a plain install of that folder.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE_ENV' && k !== 'NODE_OPTIONS'));
    const child = spawn('npm', ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (d: Buffer) => (out = (out + d.toString()).slice(-3000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`npm ci for Audiobookshelf failed (${code}): ${out}`))));
  });
}

/** Installs (cached) and starts a fresh ABS with a root user, one book library on a temp folder and an API key. */
export async function startAbsServer(
  options: {
    watcher?: boolean;
    username?: string;
    password?: string;
    /** ABS's own settings from its environment, e.g. ACCESS_TOKEN_EXPIRY (seconds) for short-lived access tokens. */
    env?: Record<string, string>;
  } = {},
): Promise<RunningAbs> {
  const installDir = await ensureAbsInstalled();
  const root = await mkdtemp(path.join(os.tmpdir(), 'abs-server-'));
  const [configDir, metadataDir, libraryFolder] = ['config', 'metadata', 'library'].map((d) => path.join(root, d)) as [string, string, string];
  await Promise.all([configDir, metadataDir, libraryFolder].map((d) => mkdir(d, { recursive: true })));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['-e', GROUP_GUARD, root], {
    cwd: installDir,
    // Its own process group: stop() signals the group, so nothing ABS spawned (ffprobe) outlives it.
    detached: true,
    // stdin stays open and unused: the guard takes the group down when it closes (this process is gone).
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: root,
      LANG: 'C.UTF-8',
      // vitest sets NODE_ENV=test; anything but production makes ABS load its dev.js config.
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      CONFIG_PATH: configDir,
      METADATA_PATH: metadataDir,
      FFMPEG_PATH: FFMPEG,
      FFPROBE_PATH: FFPROBE,
      SKIP_BINARIES_CHECK: '1',
      ...options.env,
    },
  });
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-6000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const stop = makeStop(child, exited, root);

  try {
    await waitForStatus(url, exited, () => output);
    const username = options.username ?? 'root';
    const password = options.password ?? `pw-${randomBytes(9).toString('base64url')}`;
    const call = makeCaller(url);
    await call('POST', '/init', undefined, { newRoot: { username, password } });
    const login = async () => (await call<{ user: { id: string; accessToken: string } }>('POST', '/login', undefined, { username, password })).user;
    const user = await login();
    const library = await call<{ id: string }>('POST', '/api/libraries', user.accessToken, {
      name: 'Audiobooks',
      folders: [{ fullPath: libraryFolder }],
      mediaType: 'book',
      // Off by default: inotify would start 10-s-delayed watcher scans behind every laid-out book.
      settings: { disableWatcher: !options.watcher },
    });
    const key = await call<{ apiKey: { apiKey: string } }>('POST', '/api/api-keys', user.accessToken, { name: 'shelfkeeper-tests', userId: user.id, isActive: true });
    const apiKey = key.apiKey.apiKey;
    const api = <T>(method: string, apiPath: string, body?: unknown) => call<T>(method, apiPath, apiKey, body);
    const lastScan = async () => (await api<{ lastScan: number | null }>('GET', `/api/libraries/${library.id}`)).lastScan ?? 0;

    return {
      url,
      username,
      password,
      apiKey,
      userToken: user.accessToken,
      userId: user.id,
      libraryId: library.id,
      libraryFolder,
      pid: child.pid!,
      addBook: (book) => layOutBook(libraryFolder, book, path.join(root, 'scratch')),
      removeBookFolder: (relPath) => rm(path.join(libraryFolder, relPath), { recursive: true, force: true }),
      async scan(o = {}) {
        const before = await lastScan();
        await api('POST', `/api/libraries/${library.id}/scan${o.force ? '?force=1' : ''}`);
        const deadline = Date.now() + (o.timeoutMs ?? 30_000);
        while ((await lastScan()) <= before) {
          if (Date.now() > deadline) throw new Error(`Audiobookshelf scan did not finish within ${o.timeoutMs ?? 30_000} ms: ${output.slice(-1500)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      },
      login: async () => (await login()).accessToken,
      api,
      output: () => output,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

function makeCaller(url: string) {
  return async <T>(method: string, apiPath: string, token: string | undefined, body?: unknown): Promise<T> => {
    const res = await fetch(`${url}${apiPath}`, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Audiobookshelf ${method} ${apiPath} answered ${res.status}: ${text.slice(0, 300)}`);
    return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  };
}

async function waitForStatus(url: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  let dead: number | null | undefined;
  void exited.then((code) => (dead = code ?? -1));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (dead !== undefined) throw new Error(`Audiobookshelf exited (${dead}) before answering /status: ${output()}`);
    try {
      const res = await fetch(`${url}/status`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && ((await res.json()) as { app?: string }).app === 'audiobookshelf') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Audiobookshelf did not answer /status within 30 s: ${output()}`);
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function makeStop(child: ChildProcess, exited: Promise<number | null>, root: string): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        killGroup(child, 'SIGTERM');
        const timedOut = await Promise.race([exited.then(() => false), new Promise((r) => setTimeout(() => r(true), 8000))]);
        if (timedOut) {
          killGroup(child, 'SIGKILL');
          await exited;
        }
      }
      // Children of the group that ignored SIGTERM (none expected) go with the folder.
      if (child.pid) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // the group is empty
        }
      }
      await rm(root, { recursive: true, force: true });
    })();
    return stopping;
  };
}
