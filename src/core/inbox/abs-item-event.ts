import { z } from 'zod';
import type { ItemSyncResult } from '../library/index.js';
import type { EventOutcome, StoredEvent } from './inbox-event.js';

/** What handling an ABS library event needs; built by the composition root around the inbox transaction. */
export interface AbsItemEventPorts {
  /** Fetches the item from ABS and mirrors it (a short call; it runs inside the event's transaction). */
  syncItem(absItemId: string): Promise<ItemSyncResult>;
  removeItem(absItemId: string): Promise<ItemSyncResult>;
  /** Reads again every mirrored book naming this author or series (a rename, a merge, a deletion). */
  syncItemsOf(ref: { authorId: string } | { seriesId: string }): Promise<ItemSyncResult[]>;
  /** Queues a full library sync (e.g. runs the library-sync job now). */
  requestFullSync(reason: { libraryId: string | null }): Promise<void>;
}

export const ABS_EVENT_SOURCES: ReadonlySet<StoredEvent['source']> = new Set(['audiobookshelf', 'abs-socket', 'abs-poll']);

const id = z.string().min(1).max(200);
/**
 * The item ids an event names. Webhook events carry `libraryItemId`; socket events carry the item itself (`id`), or a
 * list of items (`items_added`/`items_updated`), possibly under `item`/`items`. Anything else in the payload is not
 * trusted: the item is fetched again, so a partial or stale payload cannot write a wrong mirror row.
 */
const itemRef = z.object({ id }).passthrough();
const payloadSchema = z
  .object({
    libraryItemId: id.optional(),
    libraryItemIds: z.array(id).optional(),
    id: id.optional(),
    item: itemRef.optional(),
    items: z.array(itemRef).optional(),
    libraryId: id.nullish(),
    authorId: id.optional(),
    seriesId: id.optional(),
  })
  .passthrough();

function itemIds(payload: z.infer<typeof payloadSchema>): string[] {
  const ids = [
    payload.libraryItemId,
    ...(payload.libraryItemIds ?? []),
    payload.item?.id,
    ...(payload.items ?? []).map((i) => i.id),
  ].filter((x): x is string => x !== undefined);
  if (ids.length === 0 && payload.id) ids.push(payload.id);
  return [...new Set(ids)];
}

const ITEM_EVENTS = new Set(['item_added', 'item_updated', 'items_added', 'items_updated']);
const REMOVAL_EVENTS = new Set(['item_removed']);
const ENTITY_EVENTS = new Set(['author_updated', 'author_removed', 'series_updated', 'series_removed']);

/**
 * An Audiobookshelf library event from the inbox: item events refresh that item in the mirror, a removal marks it
 * removed, an author or series event refreshes the mirrored books naming it, a finished scan asks for a full sync. Apprise bodies are ABS's only notifications and none of them is a
 * library event (ABS `server/utils/notifications.js`), so they are acknowledged and ignored. An event that names
 * no item is an error (kept and retried, then parked), never silently dropped.
 */
export async function handleAbsItemEvent(event: StoredEvent, ports: AbsItemEventPorts): Promise<EventOutcome> {
  if (!ABS_EVENT_SOURCES.has(event.source)) return { status: 'ignored', outcome: `not-an-abs-event:${event.source}` };
  if (event.eventType === 'apprise') return { status: 'ignored', outcome: 'apprise-not-a-library-event' };
  const payload = payloadSchema.parse(event.payload);

  if (event.eventType === 'scan_finished' || event.eventType === 'task_finished') {
    await ports.requestFullSync({ libraryId: payload.libraryId ?? null });
    return { status: 'processed', outcome: 'full-sync-requested' };
  }

  if (ENTITY_EVENTS.has(event.eventType)) {
    const ref = payload.authorId ? { authorId: payload.authorId } : payload.seriesId ? { seriesId: payload.seriesId } : undefined;
    if (!ref) throw new Error(`ABS ${event.eventType} event ${event.id} names no author or series`);
    const results = await ports.syncItemsOf(ref);
    return { status: 'processed', outcome: results.length === 0 ? 'no-mirrored-books' : summarise(results) };
  }

  const removal = REMOVAL_EVENTS.has(event.eventType);
  if (!removal && !ITEM_EVENTS.has(event.eventType)) return { status: 'ignored', outcome: `unhandled-event:${event.eventType}` };
  const ids = itemIds(payload);
  if (ids.length === 0) throw new Error(`ABS ${event.eventType} event ${event.id} names no library item`);

  const results: ItemSyncResult[] = [];
  for (const itemId of ids) results.push(removal ? await ports.removeItem(itemId) : await ports.syncItem(itemId));
  return { status: 'processed', outcome: summarise(results) };
}

/** "updated" for one item; "created:2,unchanged:1" for several. */
function summarise(results: ItemSyncResult[]): string {
  if (results.length === 1) return results[0]!;
  const tally = new Map<string, number>();
  for (const r of results) tally.set(r, (tally.get(r) ?? 0) + 1);
  return [...tally].map(([k, n]) => `${k}:${n}`).join(',');
}
