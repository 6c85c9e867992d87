import type pg from 'pg';

/** The mirror's tables and the key of each row. */
const TABLES: Array<{ table: string; key: string }> = [
  { table: 'authors', key: 'id::text' },
  { table: 'series', key: 'id::text' },
  { table: 'books', key: 'id::text' },
  { table: 'book_authors', key: "book_id::text || '/' || author_id::text" },
  { table: 'book_series', key: "book_id::text || '/' || series_id::text" },
];

export type RowVersions = Map<string, string>;

/**
 * Every mirror row with the id of the transaction that wrote its current version (xmin): an insert, an update — even
 * one that sets identical values — or a delete all show up when two snapshots are compared.
 */
export async function rowVersions(pool: pg.Pool): Promise<RowVersions> {
  const out: RowVersions = new Map();
  for (const { table, key } of TABLES) {
    const res = await pool.query<{ k: string; v: string }>(`SELECT ${key} AS k, xmin::text || ':' || ctid::text AS v FROM ${table}`);
    for (const r of res.rows) out.set(`${table}:${r.k}`, r.v);
  }
  return out;
}

/** Rows inserted, updated or deleted between two snapshots. */
export function rowsWritten(before: RowVersions, after: RowVersions): { inserted: number; updated: number; deleted: number; total: number } {
  let inserted = 0;
  let updated = 0;
  let deleted = 0;
  for (const [k, v] of after) {
    const prev = before.get(k);
    if (prev === undefined) inserted += 1;
    else if (prev !== v) updated += 1;
  }
  for (const k of before.keys()) if (!after.has(k)) deleted += 1;
  return { inserted, updated, deleted, total: inserted + updated + deleted };
}
