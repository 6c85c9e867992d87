import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRegistry } from '../../../src/app/job-definitions.js';
import { buildServices } from '../../../src/app/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { downloads, notifications, wantedBooks, webhookEvents } from '../../../src/db/schema/index.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });
const hash = (c: string) => c.repeat(40);
const completion = (h: string, name = 'Dune') => ({
  source: 'qbittorrent' as const,
  deliveryKey: `qbittorrent:finished:${h}`,
  eventType: 'torrent_finished',
  orderingKey: `torrent:${h}`,
  payload: { hash: h, name, tags: [], contentPath: `/dl/${name}`, savePath: '/dl', sizeBytes: 734_003_200, fileCount: 12 },
});

describe('inbox processing', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  const runInbox = () => {
    const registry = buildJobRegistry(buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger }));
    return runJob(registry.get('inbox')!, {}, { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger });
  };

  async function addDownload(h: string, title: string) {
    const [wanted] = await t.db.insert(wantedBooks).values({ source: 'REQUEST', state: 'DOWNLOADING', title, dedupeKey: `t:${title}` }).returning();
    await t.db.insert(downloads).values({ qbitHash: h, name: `${title} release`, wantedBookId: wanted!.id, state: 'downloading' });
  }

  it('a completion of our download marks it completed and queues one notification; a foreign hash is recorded and ignored', async () => {
    await addDownload(hash('a'), 'Dune');
    const inbox = createInboxRepository(t.db);
    await inbox.receive(completion(hash('a')));
    await inbox.receive(completion(hash('b'), 'Someone else'));

    const outcome = await runInbox();
    expect(outcome.processed).toBe(2);

    const [download] = await t.db.select().from(downloads).where(eq(downloads.qbitHash, hash('a')));
    expect(download).toMatchObject({ state: 'completed', progress: 1, contentPath: '/dl/Dune', sizeBytes: 734_003_200 });
    expect(download!.completedAt).toBeInstanceOf(Date);
    const sent = await t.db.select().from(notifications);
    expect(sent).toHaveLength(1);
    // The one notice is the wanted book's move to DOWNLOADED (through the wanted operations).
    expect(sent[0]!.kind).toBe('wanted-downloaded');
    expect(sent[0]!.idempotencyKey).toMatch(/^wanted-transition:/);
    expect((sent[0]!.payload as { title: string }).title).toBe('Downloaded: Dune');
    expect((await t.db.select().from(wantedBooks))[0]!.state).toBe('DOWNLOADED');

    const events = await t.db.select().from(webhookEvents).orderBy(webhookEvents.receivedAt);
    expect(events.map((e) => [e.status, e.outcome])).toEqual([
      ['processed', 'completed'],
      ['ignored', 'foreign-hash'],
    ]);
    expect((await runInbox()).processed).toBe(0);
  });

  it('a crash in the middle of handling leaves no half-done effect; the next run does it exactly once', async () => {
    await addDownload(hash('c'), 'Hyperion');
    const inbox = createInboxRepository(t.db);
    await inbox.receive(completion(hash('c')));

    // The handler does its writes, then the process "dies" before the transaction commits.
    const crashed = await inbox.processNext(['qbittorrent'], async (_event, tx) => {
      await tx.update(downloads).set({ state: 'completed' }).where(eq(downloads.qbitHash, hash('c')));
      throw new Error('process killed');
    });
    expect(crashed).toBe('failed');
    expect((await t.db.select().from(downloads))[0]!.state).toBe('downloading');
    const [pending] = await t.db.select().from(webhookEvents);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, lastError: 'process killed' });

    // Back-off passed: the event is due again and handled once.
    await t.db.update(webhookEvents).set({ availableAt: new Date(Date.now() - 1000) });
    await runInbox();
    await runInbox();
    expect((await t.db.select().from(downloads))[0]!.state).toBe('completed');
    expect(await t.db.select().from(notifications)).toHaveLength(1);
  });

  it('events of one torrent are handled in receipt order; a later one waits while an earlier one is retried', async () => {
    const inbox = createInboxRepository(t.db);
    await inbox.receive({ ...completion(hash('d')), deliveryKey: 'k1' });
    await inbox.receive({ ...completion(hash('d')), deliveryKey: 'k2' });
    await inbox.receive({ ...completion(hash('e')), deliveryKey: 'k3' });
    const seen: string[] = [];
    let failFirst = true;
    const handle = async (event: { deliveryKey: string }) => {
      if (event.deliveryKey === 'k1' && failFirst) {
        failFirst = false;
        throw new Error('transient');
      }
      seen.push(event.deliveryKey);
      return { status: 'processed' as const, outcome: 'ok' };
    };
    while ((await inbox.processNext(['qbittorrent'], handle)) !== 'empty');
    // k1 failed and waits for its back-off: k2 (same torrent) must wait too; k3 (another torrent) goes ahead.
    expect(seen).toEqual(['k3']);
    await t.db.update(webhookEvents).set({ availableAt: new Date(Date.now() - 1000) });
    while ((await inbox.processNext(['qbittorrent'], handle)) !== 'empty');
    expect(seen).toEqual(['k3', 'k1', 'k2']);
  });

  it('events of a source without a handler stay pending, never dropped', async () => {
    const inbox = createInboxRepository(t.db);
    await inbox.receive({ source: 'audiobookshelf', deliveryKey: 'abs:1', eventType: 'item_added', orderingKey: 'abs-item:1', payload: { libraryItemId: '1' } });
    await runInbox();
    expect((await t.db.select().from(webhookEvents))[0]!.status).toBe('pending');
  });
});
