import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { Logger } from 'pino';
import { systemClock } from '../core/clock.js';
import { createOutageLog } from '../core/status/outage-log.js';
import * as schema from './schema/index.js';

export type Schema = typeof schema;
export type Database = NodePgDatabase<Schema>;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

// bigint (int8) and numeric come back from pg as strings: counts and sizes fit in a JS number.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export function createDatabase(url: string, logger: Logger, opts: { max?: number; applicationName?: string } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    application_name: opts.applicationName ?? 'shelfkeeper',
  });
  // A lost server is one outage in the log (its start with the cause, a reminder, its end at the next connection),
  // not a line per dropped client.
  const outage = createOutageLog({ what: 'database', log: logger, clock: systemClock });
  // An idle client losing its server (database restarted) must not crash the process; the next query reconnects.
  pool.on('error', (error) => outage.failed(error));
  // A client checked out of the pool has no error listener: a server restart between two queries of a transaction
  // would otherwise be an uncaught exception. The query in flight still fails, and the pool replaces the client.
  pool.on('connect', (client) => {
    outage.recovered();
    client.on('error', (error) => outage.failed(error));
  });
  const db = drizzle(pool, { schema, casing: 'snake_case' });
  let closed = false;
  return {
    db,
    pool,
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** A transaction handle: repositories take it to join a unit of work. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];
/** A database or a transaction: what repository functions accept. */
export type Executor = Database | Transaction;
