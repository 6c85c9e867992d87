import { readFile } from 'node:fs/promises';
import { describeConnectionError } from '../core/status/connection-error.js';
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { createDatabase, type DatabaseHandle } from '../db/client.js';
import { acquireDataDirLock, readLock } from '../db/data-dir-lock.js';
import { startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { watchEmbeddedPostgres, type Liveness, type WatchOptions } from '../db/embedded-postgres-watch.js';

export interface OpenedDatabase extends DatabaseHandle {
  url: string;
  /** `external` (DATABASE_URL), `embedded` (started here) or `attached` (the embedded server of a running service). */
  mode: 'external' | 'embedded' | 'attached';
  /** Closes the pool, and the embedded server and the data-dir lock when this process owns them. */
  shutdown(): Promise<void>;
  /** Whether this process can work: false while its embedded server is down (GET /health answers 503). */
  liveness(): Liveness;
  /** Called once when the embedded server died and cannot be restarted: the process must exit non-zero. */
  onFatal(listener: (error: Error) => void): void;
}

const ALWAYS_LIVE = { liveness: (): Liveness => ({ ok: true }), onFatal: () => {} };

/** A start-up failure caused by one setting: its message starts with the key, in one line. */
export class SettingError extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(`${key}: ${message.replace(/\s*\n\s*/g, '; ')}`);
    this.name = 'SettingError';
  }
}

/** Where DATABASE_URL points, without its credentials. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'the configured server';
  }
}

/**
 * The database for this process. With DATABASE_URL: that server. Otherwise the embedded PostgreSQL in DATA_DIR, started
 * here (`own`, refusing when another process owns the data dir) or, for one-shot CLI commands, the one a running
 * service already started (`attach`), falling back to starting it for the duration of the command.
 */
export async function openDatabase(
  config: AppConfig,
  logger: Logger,
  opts: { mode: 'own' | 'attach'; poolSize?: number; watch?: WatchOptions },
): Promise<OpenedDatabase> {
  const log = logger.child({ module: 'db' });
  if (config.database.url) {
    const handle = createDatabase(config.database.url, log, { max: opts.poolSize });
    // Connected once here, so a wrong address, password or database name is said as such, naming the setting.
    try {
      await handle.pool.query('SELECT 1');
    } catch (error) {
      await handle.close();
      throw new SettingError('DATABASE_URL', `cannot use the database at ${describeUrl(config.database.url)}: ${describeConnectionError(error)}`);
    }
    return { ...handle, ...ALWAYS_LIVE, url: config.database.url, mode: 'external', shutdown: handle.close };
  }

  if (opts.mode === 'attach') {
    const owner = await readLock(config.dataDir);
    if (owner?.port) {
      const credentials = JSON.parse(await readFile(path.join(config.dataDir, 'postgres-credentials.json'), 'utf8')) as { user: string; password: string };
      const url = `postgres://${credentials.user}:${encodeURIComponent(credentials.password)}@127.0.0.1:${owner.port}/shelfkeeper`;
      const handle = createDatabase(url, log, { max: opts.poolSize });
      return { ...handle, ...ALWAYS_LIVE, url, mode: 'attached', shutdown: handle.close };
    }
  }

  await checkDataDir(config.dataDir);
  const lock = await acquireDataDirLock(config.dataDir).catch((error: unknown) => {
    if (error instanceof Error && error.name === 'DataDirLockedError') throw error;
    throw new SettingError('DATA_DIR', `${config.dataDir} cannot be used: ${describeConnectionError(error)}`);
  });
  try {
    const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort || undefined, logger: log }).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (config.database.embeddedPort && /already in use|could not bind/i.test(message)) {
        throw new SettingError('EMBEDDED_POSTGRES_PORT', `port ${config.database.embeddedPort} is already in use (${message})`);
      }
      throw new SettingError('DATA_DIR', `the embedded PostgreSQL in ${config.dataDir} cannot start: ${message}`);
    });
    await lock.update({ port: server.port });
    const handle = createDatabase(server.url, log, { max: opts.poolSize });
    const fatalListeners: Array<(error: Error) => void> = [];
    // Only a process that stays up watches (a one-shot command just fails on its next query).
    const watch = opts.mode === 'own' ? watchEmbeddedPostgres(server, log, (error) => fatalListeners.forEach((fn) => fn(error)), opts.watch) : undefined;
    return {
      ...handle,
      url: server.url,
      mode: 'embedded',
      liveness: () => watch?.liveness() ?? { ok: true },
      onFatal: (listener) => void fatalListeners.push(listener),
      async shutdown() {
        watch?.stop();
        await handle.close();
        await server.stop();
        await lock.release();
      },
    };
  } catch (error) {
    await lock.release();
    throw error;
  }
}

/** Pseudo-filesystems of the kernel: no place for data (mkdir under /proc spins instead of failing). */
const KERNEL_FILESYSTEMS = ['/proc', '/sys', '/dev'];

/**
 * DATA_DIR checked before anything is created in it: not under a kernel pseudo-filesystem, creatable, and (as root,
 * where the embedded server runs as the `postgres` user) enterable by that user along its whole path.
 */
async function checkDataDir(dataDir: string): Promise<void> {
  const resolved = path.resolve(dataDir);
  const under = KERNEL_FILESYSTEMS.find((root) => resolved === root || resolved.startsWith(`${root}/`));
  if (under) throw new SettingError('DATA_DIR', `${resolved} is under ${under}, a kernel pseudo-filesystem: choose a directory on a real disk`);
  try {
    await mkdir(resolved, { recursive: true });
  } catch (error) {
    throw new SettingError('DATA_DIR', `${resolved} cannot be created: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (process.getuid?.() !== 0) return;
  const identity = await postgresIdentity();
  if (!identity) return;
  // Every ancestor must let the postgres user through (x); the data dir itself is opened up by startEmbeddedPostgres.
  for (let dir = path.dirname(resolved); ; dir = path.dirname(dir)) {
    if (!(await canEnter(dir, identity))) {
      throw new SettingError(
        'DATA_DIR',
        `${resolved} is not reachable by the postgres user (the embedded server runs as it when shelfkeeper runs as root): it cannot enter ${dir}; allow it (chmod o+x ${dir}) or choose another DATA_DIR`,
      );
    }
    if (dir === path.dirname(dir)) break;
  }
}

async function postgresIdentity(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [{ stdout: uid }, { stdout: gid }] = await Promise.all([execFileAsync('id', ['-u', 'postgres']), execFileAsync('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
  } catch {
    // No postgres user yet: the embedded package creates it on first start.
    return undefined;
  }
}

async function canEnter(dir: string, identity: { uid: number; gid: number }): Promise<boolean> {
  try {
    await execFileAsync('test', ['-x', dir], { ...identity, timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}
