import pg from 'pg';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../../../src/db/migrate.js';
import { ensureAgendaPostgresSchema } from '../../../src/jobs/agenda-postgres-schema.js';
import { createEmptyDatabase } from '../../helpers/db.js';
import { debianPostgresAvailable, startDebianPostgres } from '../../helpers/debian-postgres.js';

const logger = pino({ level: 'silent' });
const EXPECTED_TABLES = [
  'agenda_jobs',
  'api_cache',
  'authors',
  'book_authors',
  'book_series',
  'books',
  'downloads',
  'failed_attempts',
  'genre_settings',
  'metadata_corrections',
  'notifications',
  'rate_budgets',
  'release_blocklist',
  'releases',
  'series',
  'settings',
  'task_runs',
  'wanted_books',
  'wanted_transitions',
  'webhook_events',
  'worker_heartbeats',
];

/** The whole chain on an empty database, twice (a restart must be a no-op), then the facts later work relies on. */
async function checkMigrationChain(url: string) {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  try {
    await runMigrations(pool, logger, [ensureAgendaPostgresSchema()]);
    await runMigrations(pool, logger, [ensureAgendaPostgresSchema()]);
    const { rows: tables } = await pool.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(tables.map((t) => t.table_name)).toEqual(EXPECTED_TABLES);

    const { rows: genres } = await pool.query<{ name: string; enabled: boolean }>('SELECT name, enabled FROM genre_settings ORDER BY name');
    expect(genres.filter((g) => g.enabled).map((g) => g.name)).toEqual(['Fantasy', 'Mystery', 'Science Fiction', 'Thriller']);
    expect(genres.filter((g) => !g.enabled).map((g) => g.name)).toEqual(['Erotica', 'Romance', 'Self-Help']);

    // The unique keys the workflows depend on to never act twice.
    await pool.query("INSERT INTO downloads (qbit_hash, name) VALUES ('abc', 'x')");
    await expect(pool.query("INSERT INTO downloads (qbit_hash, name) VALUES ('abc', 'y')")).rejects.toThrow(/downloads_qbit_hash_uq/);
    await pool.query("INSERT INTO webhook_events (source, delivery_key, event_type, payload) VALUES ('q', 'k1', 'finished', '{}')");
    await expect(
      pool.query("INSERT INTO webhook_events (source, delivery_key, event_type, payload) VALUES ('q', 'k1', 'finished', '{}')"),
    ).rejects.toThrow(/webhook_events_delivery_key_uq/);
    // A sequence such as "1.5" is kept as written.
    const { rows: inserted } = await pool.query<{ id: string }>("INSERT INTO books (title, title_key) VALUES ('A', 'a') RETURNING id");
    const { rows: s } = await pool.query<{ id: string }>("INSERT INTO series (name, name_key) VALUES ('S', 's') RETURNING id");
    await pool.query('INSERT INTO book_series (book_id, series_id, sequence) VALUES ($1, $2, $3)', [inserted[0]!.id, s[0]!.id, '1.5']);
    const { rows: seq } = await pool.query<{ sequence: string }>('SELECT sequence FROM book_series');
    expect(seq[0]!.sequence).toBe('1.5');
  } finally {
    await pool.end();
  }
}

describe('migration chain', () => {
  it('applies on an empty embedded PostgreSQL 18 database, idempotently', async () => {
    const empty = await createEmptyDatabase();
    try {
      const client = new pg.Client({ connectionString: empty.url });
      await client.connect();
      const { rows } = await client.query<{ server_version_num: string }>('SHOW server_version_num');
      await client.end();
      if (!process.env.TEST_DATABASE_ADMIN_URL) expect(Number(rows[0]!.server_version_num)).toBeGreaterThanOrEqual(180000);
      await checkMigrationChain(empty.url);
    } finally {
      await empty.drop();
    }
  });

  describe('on Debian PostgreSQL 15', () => {
    // CI installs Debian's postgresql: there the test must run. Elsewhere it says clearly why it did not.
    const available = debianPostgresAvailable();
    if (!available && process.env.CI) {
      it('requires Debian PostgreSQL 15 in CI', () => {
        throw new Error('Debian PostgreSQL 15 is not installed; .ci/run installs the postgresql package');
      });
      return;
    }
    let server: Awaited<ReturnType<typeof startDebianPostgres>> | undefined;
    afterAll(async () => server?.stop());
    it.skipIf(!available)('applies the same chain (skipped: apt-get install postgresql to run it)', async () => {
      server = await startDebianPostgres();
      expect(server.version).toMatch(/^15\./);
      await checkMigrationChain(server.url);
    });
  });
});
