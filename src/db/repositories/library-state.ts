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

/** The mirrored (not removed) ABS items whose books name this ABS author or series. */
export async function readItemIdsNaming(db: Executor, ref: { authorId: string } | { seriesId: string }): Promise<string[]> {
  const res =
    'authorId' in ref
      ? await db.execute<{ abs_item_id: string }>(sql`
          SELECT b.abs_item_id FROM books b JOIN book_authors ba ON ba.book_id = b.id JOIN authors a ON a.id = ba.author_id
          WHERE a.abs_author_id = ${ref.authorId} AND b.abs_item_id IS NOT NULL AND b.removed_at IS NULL`)
      : await db.execute<{ abs_item_id: string }>(sql`
          SELECT b.abs_item_id FROM books b JOIN book_series bs ON bs.book_id = b.id JOIN series s ON s.id = bs.series_id
          WHERE s.abs_series_id = ${ref.seriesId} AND b.abs_item_id IS NOT NULL AND b.removed_at IS NULL`);
  return res.rows.map((r) => r.abs_item_id);
}
