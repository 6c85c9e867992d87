import { getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL } from '@agendajs/postgres-backend';
import type pg from 'pg';

export const AGENDA_TABLE = 'agenda_jobs';

/**
 * Agenda's Postgres table, created once under the migration lock. Workers then start with `ensureSchema: false`:
 * several processes creating it at once crash with "tuple concurrently updated" (shared/notes/databases-and-jobs.md).
 */
export function ensureAgendaPostgresSchema(tableName = AGENDA_TABLE) {
  return async (client: pg.PoolClient): Promise<void> => {
    await client.query(getCreateTableSQL(tableName));
    for (const statement of getCreateIndexesSQL(tableName)) await client.query(statement);
    await client.query(getUpdateTimestampTriggerSQL(tableName));
  };
}
