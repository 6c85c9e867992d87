import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { absChangeToEvent } from '../../../src/core/inbox/abs-events.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { createApp } from '../../../src/webhooks/app.js';
import { webhooksRouter } from '../../../src/webhooks/webhooks.router.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { listen } from '../../helpers/http-app.js';
import { REPO_ROOT } from '../../helpers/spawn-service.js';

const SECRET = 'webhook-secret-for-tests-0123';
const logger = pino({ level: 'silent' });
const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });

describe('POST /webhooks/audiobookshelf', () => {
  let t: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    t = await createTestDatabase();
    server = await listen(createApp({ logger, status, routers: [webhooksRouter({ secret: SECRET, inbox: createInboxRepository(t.db), onStored: () => {} })] }));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });
  beforeEach(async () => {
    await t.db.delete(webhookEvents);
  });

  // ABS cannot set headers on Apprise posts: the secret travels in the URL configured as its Apprise API URL.
  const post = (body: unknown) =>
    fetch(`${server.url}/webhooks/audiobookshelf?secret=${SECRET}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it("answers ABS's own test notification (as recorded from ABS 2.36.0) with 200 and stores nothing", async () => {
    const [captured] = JSON.parse(await readFile(path.join(REPO_ROOT, '../shared/contracts/abs-samples/apprise-post-captured.json'), 'utf8')) as { body: string }[];
    const res = await post(JSON.parse(captured!.body));
    expect(res.status).toBe(200);
    expect(await t.db.select().from(webhookEvents)).toHaveLength(0);
  });

  it('answers other Apprise notifications 200 "ignored" and stores nothing: nothing would process them, and their urls carry tokens', async () => {
    const body = { urls: ['discord://1234567890/webhookTokenSecretValue', 'json://svc/hook'], title: 'New Mistborn Episode!', body: 'Episode 12 has been added to Podcasts library.' };
    for (let i = 0; i < 2; i += 1) {
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ignored', reason: 'apprise notifications are not library events' });
    }
    expect(await t.db.select().from(webhookEvents)).toHaveLength(0);
  });

  it('stores documented JSON events with the item as ordering key; an id makes redelivery a duplicate', async () => {
    expect((await post({ event: 'item_added', id: 'd-1', libraryId: 'lib1', libraryItemId: 'li_9' })).status).toBe(202);
    expect((await post({ event: 'item_added', id: 'd-1', libraryId: 'lib1', libraryItemId: 'li_9' })).status).toBe(200);
    const [row] = await t.db.select().from(webhookEvents);
    expect(row).toMatchObject({ eventType: 'item_added', orderingKey: 'abs-item:li_9', deliveryKey: 'abs-webhook:id:d-1' });
  });

  it("keeps sender-chosen ids apart from the socket's and the poll's keys: the real event is not dropped as a duplicate", async () => {
    // A sender picks the id the socket feed uses for this item's "added" event.
    expect((await post({ event: 'item_added', id: 'item_added:li-1303', libraryId: 'lib1', libraryItemId: 'li-1303' })).status).toBe(202);
    const feed = createInboxRepository(t.db);
    const real = await feed.receive(absChangeToEvent('abs-socket', { event: 'item_added', libraryId: 'lib1', libraryItemId: 'li-1303' }));
    expect(real.duplicate).toBe(false);
    const rows = await t.db.select().from(webhookEvents);
    expect(rows.map((r) => `${r.source} ${r.deliveryKey}`).sort()).toEqual(['abs-socket abs:item_added:li-1303', 'audiobookshelf abs-webhook:id:item_added:li-1303']);
  });

  it.each([
    [{ event: 'item_added', libraryId: 'lib1' }, 'libraryItemId'],
    [{ event: 'scan_finished' }, 'libraryId'],
    [{ event: 'book_eaten', libraryItemId: 'x' }, 'event'],
    [{ urls: 'json://x', title: 't', body: 'b' }, 'urls'],
  ])('answers 400 naming the bad field: %j → %s', async (body, field) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe(field);
  });

  it('answers 415 to a form-encoded body (ABS and scripts send JSON)', async () => {
    const res = await fetch(`${server.url}/webhooks/audiobookshelf?secret=${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'event=item_added',
    });
    expect(res.status).toBe(415);
  });
});
