import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.js';
import { runMigrations } from '../../src/db/migrate.js';
import { ensureAgendaPostgresSchema } from '../../src/jobs/agenda-postgres-schema.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL (database `postgres`) of the server the tests create their databases on. */
    pgAdminUrl: string;
    /** Name of the migrated template database each test database is copied from. */
    pgTemplate: string;
  }
}

export const TEMPLATE_DB = 'shelfkeeper_template';

/**
 * One real PostgreSQL for the whole run: the embedded one (as the app uses by default), or the server named by
 * TEST_DATABASE_ADMIN_URL. The migrated template makes each test database a cheap copy.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  let adminUrl = process.env.TEST_DATABASE_ADMIN_URL;
  let cleanup = async () => {};
  if (!adminUrl) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'shelfkeeper-test-pg-'));
    const server = await startEmbeddedPostgres({ dataDir, logger });
    adminUrl = server.url.replace(/\/shelfkeeper$/, '/postgres');
    cleanup = async () => {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();

  const pool = new pg.Pool({ connectionString: adminUrl.replace(/\/postgres$/, `/${TEMPLATE_DB}`), max: 1 });
  await runMigrations(pool, logger, [ensureAgendaPostgresSchema('agenda_jobs')]);
  await pool.end();

  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', TEMPLATE_DB);
  return cleanup;
}
