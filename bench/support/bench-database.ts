import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';

/** A migrated database for a benchmark: BENCH_DATABASE_URL, or a throw-away embedded PostgreSQL. */
export async function benchDatabase(): Promise<DatabaseHandle & { url: string; dispose(): Promise<void> }> {
  const logger = pino({ level: 'silent' });
  let url = process.env.BENCH_DATABASE_URL;
  let stopServer = async () => {};
  if (!url) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-bench-'));
    const server = await startEmbeddedPostgres({ dataDir, logger });
    url = server.url;
    stopServer = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const handle = createDatabase(url, logger, { max: 20 });
  await runMigrations(handle.pool, logger);
  return {
    ...handle,
    url,
    async dispose() {
      await handle.close();
      await stopServer();
    },
  };
}
