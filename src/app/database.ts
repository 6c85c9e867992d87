import { readFile } from 'node:fs/promises';
import path from 'node:path';
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

  const lock = await acquireDataDirLock(config.dataDir);
  try {
    const server = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.database.embeddedPort || undefined, logger: log });
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
