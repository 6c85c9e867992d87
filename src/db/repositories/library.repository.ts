import { sql } from 'drizzle-orm';
import type { LibraryMirrorStore, MirrorWriter } from '../../core/library/index.js';
import type { Executor } from '../client.js';
import { readItemIdsNaming, readItemStates } from './library-state.js';
import { createLibraryWriter } from './library-writer.repository.js';

/** Arbitrary, fixed: serialises writes to the library mirror across processes. */
const MIRROR_WRITE_LOCK = 0x5e1f_0002;

/**
 * The ABS library mirror (authors, series, books and their links). Bound to a database or to a transaction: given the
 * inbox's transaction, its writes join that unit of work (as a savepoint).
 */
export function createLibraryRepository(db: Executor): LibraryMirrorStore {
  return {
    syncState: () => readItemStates(db),

    async itemState(absItemId) {
      return (await readItemStates(db, [absItemId]))[0] ?? null;
    },

    itemIdsNaming: (ref) => readItemIdsNaming(db, ref),

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
