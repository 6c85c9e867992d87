import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handleAbsItemEvent, type AbsItemEventPorts } from '../../../src/core/inbox/abs-item-event.js';
import type { IncomingEvent } from '../../../src/core/inbox/inbox-event.js';
import { createLibrarySync } from '../../../src/core/library/index.js';
import type { Transaction } from '../../../src/db/client.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { createLibraryRepository } from '../../../src/db/repositories/library.repository.js';
import { books, webhookEvents } from '../../../src/db/schema/index.js';
import { AbsClient } from '../../../src/integrations/abs/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date() };

describe('ABS item events processed from the inbox', () => {
  let t: TestDatabase;
  let fake: AbsFake;
  let client: AbsClient;
  let fullSyncs: Array<string | null>;

  beforeEach(async () => {
    [t, fake] = await Promise.all([createTestDatabase(), startAbsFake({ books: 3 })]);
    client = new AbsClient({ baseUrl: fake.url, auth: { apiKey: fake.controls.apiKey }, logger, timeoutMs: 2_000, retry: { maxAttempts: 1 } });
    fullSyncs = [];
  });
  afterEach(async () => {
    await Promise.all([t.close(), fake.close()]);
  });

  /** The ports as the composition root builds them: the mirror writes join the event's transaction. */
  const portsFor = (tx: Transaction): AbsItemEventPorts => {
    const sync = createLibrarySync({ source: client, store: createLibraryRepository(tx), clock, logger });
    return {
      syncItem: sync.syncItem,
      removeItem: sync.removeItem,
      syncItemsOf: sync.syncItemsOf,
      requestFullSync: async ({ libraryId }) => void fullSyncs.push(libraryId),
    };
  };

  async function deliver(event: Omit<IncomingEvent, 'deliveryKey' | 'orderingKey'>) {
    const inbox = createInboxRepository(t.db);
    const { id } = await inbox.receive({ ...event, deliveryKey: `test:${Math.random()}`, orderingKey: null });
    const result = await inbox.processNext([event.source], (stored, tx) => handleAbsItemEvent(stored, portsFor(tx)));
    const [row] = await t.db.select().from(webhookEvents).where(eq(webhookEvents.id, id));
    return { result, row: row! };
  }

  it('mirrors the item of a socket item_added event, and marks it removed on item_removed', async () => {
    const [item] = fake.controls.seedBooks([{ title: 'Socket Arrival', authors: ['Sid Socket'] }]);
    const added = await deliver({ source: 'abs-socket', eventType: 'item_added', payload: { id: item!.id, libraryId: item!.libraryId, media: {} } });
    expect(added.row).toMatchObject({ status: 'processed', outcome: 'created' });
    expect((await t.db.select().from(books).where(eq(books.absItemId, item!.id)))[0]?.title).toBe('Socket Arrival');

    fake.controls.removeItem(item!.id);
    const removed = await deliver({ source: 'abs-socket', eventType: 'item_removed', payload: { id: item!.id, libraryId: item!.libraryId } });
    expect(removed.row).toMatchObject({ status: 'processed', outcome: 'removed' });
    expect((await t.db.select().from(books).where(eq(books.absItemId, item!.id)))[0]?.removedAt).toBeInstanceOf(Date);
  });

  it('handles webhook events with libraryItemId and batches of socket items', async () => {
    const [a, b] = fake.controls.seedBooks([{ title: 'Hook One', authors: ['H'] }, { title: 'Hook Two', authors: ['H'] }]);
    const hook = await deliver({ source: 'audiobookshelf', eventType: 'item_updated', payload: { event: 'item_updated', libraryItemId: a!.id } });
    expect(hook.row.outcome).toBe('created');
    const batch = await deliver({ source: 'abs-socket', eventType: 'items_added', payload: { items: [{ id: a!.id }, { id: b!.id }] } });
    expect(batch.row.outcome).toBe('unchanged:1,created:1');
  });

  it('asks for a full sync when a scan finished, and ignores Apprise notifications', async () => {
    const scan = await deliver({ source: 'audiobookshelf', eventType: 'scan_finished', payload: { event: 'scan_finished', libraryId: 'lib-1' } });
    expect(scan.row).toMatchObject({ status: 'processed', outcome: 'full-sync-requested' });
    expect(fullSyncs).toEqual(['lib-1']);
    const apprise = await deliver({ source: 'audiobookshelf', eventType: 'apprise', payload: { urls: [], title: 'Backup Completed', body: 'done' } });
    expect(apprise.row).toMatchObject({ status: 'ignored', outcome: 'apprise-not-a-library-event' });
  });

  it('keeps the event pending and writes nothing when ABS cannot be reached', async () => {
    const [item] = fake.controls.seedBooks([{ title: 'Unlucky', authors: ['U'] }]);
    fake.controls.setFault('server_error');
    const res = await deliver({ source: 'abs-poll', eventType: 'item_added', payload: { libraryItemId: item!.id } });
    expect(res.result).toBe('failed');
    expect(res.row).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await t.db.select().from(books)).toEqual([]);
  });
});
