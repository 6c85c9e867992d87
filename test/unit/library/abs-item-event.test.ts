import { describe, expect, it } from 'vitest';
import { handleAbsItemEvent, type AbsItemEventPorts } from '../../../src/core/inbox/abs-item-event.js';
import type { StoredEvent } from '../../../src/core/inbox/inbox-event.js';

function recorder() {
  const calls: string[] = [];
  const ports: AbsItemEventPorts = {
    syncItem: async (id) => (calls.push(`sync:${id}`), 'updated'),
    removeItem: async (id) => (calls.push(`remove:${id}`), 'removed'),
    syncItemsOf: async (ref) => (calls.push(`of:${JSON.stringify(ref)}`), ['updated', 'unchanged']),
    requestFullSync: async ({ libraryId }) => void calls.push(`full:${libraryId}`),
  };
  return { calls, ports };
}

const event = (eventType: string, payload: Record<string, unknown>, source: StoredEvent['source'] = 'audiobookshelf'): StoredEvent => ({
  id: 'e1',
  source,
  deliveryKey: 'k',
  eventType,
  orderingKey: null,
  payload,
  attempts: 0,
  receivedAt: new Date(),
});

describe('handleAbsItemEvent', () => {
  it('syncs the named item for added and updated events, from webhooks and sockets', async () => {
    const { calls, ports } = recorder();
    expect(await handleAbsItemEvent(event('item_added', { libraryItemId: 'i1' }), ports)).toEqual({ status: 'processed', outcome: 'updated' });
    await handleAbsItemEvent(event('item_updated', { id: 'i2', libraryId: 'l', media: { metadata: {} } }, 'abs-socket'), ports);
    await handleAbsItemEvent(event('items_updated', { items: [{ id: 'i3' }, { id: 'i4' }, { id: 'i3' }] }, 'abs-socket'), ports);
    expect(calls).toEqual(['sync:i1', 'sync:i2', 'sync:i3', 'sync:i4']);
  });

  it('marks removals without syncing, and asks for a full sync after a scan', async () => {
    const { calls, ports } = recorder();
    expect(await handleAbsItemEvent(event('item_removed', { libraryItemId: 'i9' }), ports)).toEqual({ status: 'processed', outcome: 'removed' });
    expect(await handleAbsItemEvent(event('scan_finished', { libraryId: 'L' }), ports)).toEqual({ status: 'processed', outcome: 'full-sync-requested' });
    expect(calls).toEqual(['remove:i9', 'full:L']);
  });

  it('reads again the books of a changed or removed author or series; one naming neither fails', async () => {
    const { calls, ports } = recorder();
    expect(await handleAbsItemEvent(event('author_updated', { authorId: 'a1', libraryId: 'L' }, 'abs-socket'), ports)).toEqual({ status: 'processed', outcome: 'updated:1,unchanged:1' });
    await handleAbsItemEvent(event('series_removed', { seriesId: 's1', libraryId: null }, 'abs-socket'), ports);
    expect(calls).toEqual(['of:{"authorId":"a1"}', 'of:{"seriesId":"s1"}']);
    await expect(handleAbsItemEvent(event('series_updated', { libraryId: 'L' }, 'abs-socket'), ports)).rejects.toThrow(/names no author or series/);
  });

  it('ignores Apprise bodies and other sources, and fails an item event that names no item', async () => {
    const { calls, ports } = recorder();
    expect(await handleAbsItemEvent(event('apprise', { urls: [], title: 'x', body: 'y' }), ports)).toEqual({ status: 'ignored', outcome: 'apprise-not-a-library-event' });
    expect((await handleAbsItemEvent(event('completed', { hash: 'h' }, 'qbittorrent'), ports)).status).toBe('ignored');
    await expect(handleAbsItemEvent(event('item_added', { libraryId: 'L' }), ports)).rejects.toThrow(/names no library item/);
    expect(calls).toEqual([]);
  });
});
