import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import type { Logger } from 'pino';

export const MIGRATIONS_FOLDER = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/** Arbitrary, fixed: every shelfkeeper process serialises schema changes on this advisory lock. */
const SCHEMA_LOCK_KEY = 727_310_551;

/**
 * Applies the committed migrations in drizzle/ and, when given, extra idempotent schema steps (Agenda's table), under a
 * Postgres advisory lock so several processes booting together (web, worker, bot) never race on DDL.
 */
export async function runMigrations(pool: pg.Pool, logger: Logger, extraSteps: ReadonlyArray<(client: pg.PoolClient) => Promise<void>> = []): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK_KEY]);
    try {
      const started = Date.now();
      await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
      for (const step of extraSteps) await step(client);
      logger.info({ durationMs: Date.now() - started }, 'database schema up to date');
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK_KEY]);
    }
  } finally {
    client.release();
  }
}
