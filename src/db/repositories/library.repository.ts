import { sql } from 'drizzle-orm';
import type { LibraryMirrorStore, MirrorItemState, MirrorWriter } from '../../core/library/index.js';
import type { Executor } from '../client.js';
import { createLibraryWriter } from './library-writer.repository.js';

interface StateRow extends Record<string, unknown> {
  abs_item_id: string;
  abs_library_id: string | null;
  sync_hash: string | null;
  is_missing: boolean;
  removed: boolean;
}

/** Arbitrary, fixed: serialises writes to the library mirror across processes. */
const MIRROR_WRITE_LOCK = 0x5e1f_0002;

const toState = (r: StateRow): MirrorItemState => ({
  absItemId: r.abs_item_id,
  absLibraryId: r.abs_library_id,
  syncHash: r.sync_hash,
  isMissing: r.is_missing,
  removed: r.removed,
});

/**
 * The ABS library mirror (authors, series, books and their links). Bound to a database or to a transaction: given the
 * inbox's transaction, its writes join that unit of work (as a savepoint).
 */
export function createLibraryRepository(db: Executor): LibraryMirrorStore {
  return {
    async syncState() {
      const res = await db.execute<StateRow>(sql`
        SELECT abs_item_id, abs_library_id, sync_hash, is_missing, removed_at IS NOT NULL AS removed
        FROM books WHERE abs_item_id IS NOT NULL`);
      return res.rows.map(toState);
    },

    async itemState(absItemId) {
      const res = await db.execute<StateRow>(sql`
        SELECT abs_item_id, abs_library_id, sync_hash, is_missing, removed_at IS NOT NULL AS removed
        FROM books WHERE abs_item_id = ${absItemId}`);
      return res.rows[0] ? toState(res.rows[0]) : null;
    },

    write<T>(work: (writer: MirrorWriter) => Promise<T>): Promise<T> {
      return db.transaction(async (tx) => {
        // One mirror writer at a time, in every process: a full sync and a single-item sync touch the same books,
        // authors and series in different orders, which would otherwise deadlock (Postgres aborting one of them).
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${MIRROR_WRITE_LOCK})`);
        return work(createLibraryWriter(tx));
      });
    },
  };
}
