import { sql, type SQL } from 'drizzle-orm';
import type { MirrorItemState } from '../../core/library/index.js';
import type { Executor } from '../client.js';

interface StateRow extends Record<string, unknown> {
  abs_item_id: string;
  abs_library_id: string | null;
  sync_hash: string | null;
  is_missing: boolean;
  removed: boolean;
}

const toState = (r: StateRow): MirrorItemState => ({
  absItemId: r.abs_item_id,
  absLibraryId: r.abs_library_id,
  syncHash: r.sync_hash,
  isMissing: r.is_missing,
  removed: r.removed,
});

/** The sync state of mirrored ABS items: all of them, or those with the given ids. */
export async function readItemStates(db: Executor, absItemIds?: readonly string[]): Promise<MirrorItemState[]> {
  if (absItemIds?.length === 0) return [];
  const only: SQL = absItemIds
    ? absItemIds.length === 1
      ? sql`= ${absItemIds[0]}`
      : sql`IN (SELECT json_array_elements_text(${JSON.stringify(absItemIds)}::json))`
    : sql`IS NOT NULL`;
  const res = await db.execute<StateRow>(sql`
    SELECT abs_item_id, abs_library_id, sync_hash, is_missing, removed_at IS NOT NULL AS removed
    FROM books WHERE abs_item_id ${only}`);
  return res.rows.map(toState);
}
