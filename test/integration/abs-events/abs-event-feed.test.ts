import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startAbsEventFeed } from '../../../src/app/abs-event-feed.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { AbsClient } from '../../../src/integrations/abs/index.js';
import { createAbsPollJob } from '../../../src/jobs/definitions/abs-poll.job.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Audiobookshelf events into the inbox', () => {
  let t: TestDatabase;
  let abs: AbsFake;
  beforeEach(async () => {
    t = await createTestDatabase();
    abs = await startAbsFake({ books: 3, scanDelayMs: 20 });
  });
  afterEach(async () => {
    await abs.close();
    await t.close();
  });

  it('the socket feed stores added, updated and removed items and finished scans, each change once', async () => {
    let nudges = 0;
    const user = new AbsClient({ baseUrl: abs.url, auth: { apiKey: abs.controls.apiKey, user: { username: abs.controls.username, password: abs.controls.password } }, logger });
    const feed = startAbsEventFeed({ abs: user, logger, inbox: createInboxRepository(t.db), onStored: () => (nudges += 1) });
    try {
      await until(() => abs.controls.authenticatedSockets(), (n) => n === 1);
      const staged = abs.controls.stageBook({ title: 'Leviathan Wakes', authors: ['James S. A. Corey'] });
      const client = new AbsClient({ baseUrl: abs.url, auth: { apiKey: abs.controls.apiKey }, logger });
      await client.scanLibrary(abs.controls.library.id);
      const [first] = abs.controls.store.items.values();
      abs.controls.removeItem(first!.id);
      const rows = await until(
        () => t.db.select().from(webhookEvents),
        // Each event is stored on its own (concurrently): wait for all three kinds, not for the last one emitted.
        (r) => r.some((e) => e.eventType === 'scan_finished') && r.some((e) => e.eventType === 'item_removed') && r.some((e) => e.eventType === 'item_added'),
      );
      const byType = (type: string) => rows.filter((r) => r.eventType === type);
      expect(byType('item_added').map((r) => r.payload)).toContainEqual({ event: 'item_added', libraryId: abs.controls.library.id, libraryItemId: staged.id });
      expect(byType('item_removed').map((r) => (r.payload as { libraryItemId: string }).libraryItemId)).toEqual([first!.id]);
      expect(byType('scan_finished')).toHaveLength(1);
      expect(rows.every((r) => r.source === 'abs-socket' && r.status === 'pending')).toBe(true);
      expect(nudges).toBeGreaterThan(0);
    } finally {
      feed.stop();
    }
  });

  it('with an API key (refused by the socket) the feed gives up quietly; the poll job still finds new items, once', async () => {
    const inbox = createInboxRepository(t.db);
    const client = new AbsClient({ baseUrl: abs.url, auth: { apiKey: abs.controls.apiKey }, logger });
    const feed = startAbsEventFeed({ abs: client, logger, inbox, onStored: () => {} });
    const job = createAbsPollJob({ abs: client, inbox, onStored: () => {} });
    try {
      const ctx = { data: {}, logger, taskRunId: 'x', touch: async () => {}, signal: new AbortController().signal };
      const first = await job.run(ctx);
      expect(first).toMatchObject({ processed: 3, created: 3 });
      expect(await job.run(ctx)).toMatchObject({ processed: 3, created: 0 });
      const rows = await t.db.select().from(webhookEvents);
      expect(rows).toHaveLength(3);
      expect(rows.every((r) => r.source === 'abs-poll' && r.eventType === 'item_added')).toBe(true);
    } finally {
      feed.stop();
    }
  });

  it('the poll job without Audiobookshelf configured does nothing and says why', async () => {
    const job = createAbsPollJob({ inbox: createInboxRepository(t.db), onStored: () => {} });
    expect(await job.run({ data: {}, logger, taskRunId: 'x', touch: async () => {}, signal: new AbortController().signal })).toEqual({ details: { skipped: 'Audiobookshelf is not configured' } });
  });
});
