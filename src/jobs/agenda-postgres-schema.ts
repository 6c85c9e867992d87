import { getCreateIndexesSQL, getCreateTableSQL, getUpdateTimestampTriggerSQL } from '@agendajs/postgres-backend';
import type pg from 'pg';

export const AGENDA_TABLE = 'agenda_jobs';

/**
 * Agenda's Postgres table, created once under the migration lock. Workers then start with `ensureSchema: false`:
 * several processes creating it at once crash with "tuple concurrently updated" (measured with
 * @agendajs/postgres-backend 3.0.6 on this project's machines; its README documents `ensureSchema: false`).
 */
export function ensureAgendaPostgresSchema(tableName = AGENDA_TABLE) {
  return async (client: pg.PoolClient): Promise<void> => {
    await client.query(getCreateTableSQL(tableName));
    for (const statement of getCreateIndexesSQL(tableName)) await client.query(statement);
    await client.query(getUpdateTimestampTriggerSQL(tableName));
  };
}
