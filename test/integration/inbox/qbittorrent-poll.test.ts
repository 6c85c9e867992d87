import { createDownloadRepository } from '../../../src/db/repositories/download.repository.js';
import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { qbittorrentCompletionEvent } from '../../../src/core/inbox/qbittorrent-events.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { downloads, webhookEvents } from '../../../src/db/schema/index.js';
import { QbittorrentClient } from '../../../src/integrations/qbittorrent/index.js';
import { createQbittorrentPollJob } from '../../../src/jobs/definitions/qbittorrent-poll.job.js';
import { makeTorrent, payloadBytes } from '../../fixtures/torrents/make-torrent.js';
import { startQbittorrentFake, type QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });
const ctx = { data: {}, logger, taskRunId: 't', touch: async () => {}, signal: new AbortController().signal };

describe('qbittorrent-poll job (the completion hook safety net)', () => {
  let t: TestDatabase;
  let qbt: QbittorrentFake;
  beforeEach(async () => {
    t = await createTestDatabase();
    qbt = await startQbittorrentFake({ downloadMs: 50 });
  });
  afterEach(async () => {
    await qbt.close();
    await t.close();
  });

  it('stores finished downloads of ours under the hook’s key, once, ignoring unfinished and foreign torrents', async () => {
    const client = new QbittorrentClient({ baseUrl: qbt.url, username: qbt.controls.username, password: qbt.controls.password, logger });
    const ours = makeTorrent({ name: 'Our Book', files: [{ path: 'a.mp3', content: payloadBytes(1000, 'ours') }] });
    const foreign = makeTorrent({ name: 'Linux ISO', files: [{ path: 'x.iso', content: payloadBytes(1000, 'foreign') }] });
    await t.db.insert(downloads).values({ qbitHash: ours.infoHash, name: ours.name, state: 'downloading' });
    const inbox = createInboxRepository(t.db);
    let nudges = 0;
    const job = createQbittorrentPollJob({ qbittorrent: client, downloads: createDownloadRepository(t.db), inbox, onStored: () => (nudges += 1) });

    expect(await job.run(ctx)).toMatchObject({ processed: 1, created: 0 }); // not in qBittorrent yet
    await client.addTorrent({ torrent: ours.bytes, category: 'audiobooks' });
    await client.addTorrent({ torrent: foreign.bytes });
    await new Promise((r) => setTimeout(r, 300));

    expect(await job.run(ctx)).toMatchObject({ created: 1 });
    expect(await job.run(ctx)).toMatchObject({ created: 0 });
    const rows = await t.db.select().from(webhookEvents);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ deliveryKey: `qbittorrent:finished:${ours.infoHash}`, status: 'pending' });
    expect(rows[0]!.payload).toMatchObject({ hash: ours.infoHash, name: 'Our Book', category: 'audiobooks', via: 'poll' });
    expect(nudges).toBe(1);

    // The hook arriving late is the same event: a duplicate.
    const late = await inbox.receive(qbittorrentCompletionEvent({ hash: ours.infoHash, name: 'Our Book', tags: [] }, 'hook'));
    expect(late.duplicate).toBe(true);
    // A download no longer open is not polled.
    await t.db.update(downloads).set({ state: 'completed' }).where(eq(downloads.qbitHash, ours.infoHash));
    expect(await job.run(ctx)).toMatchObject({ processed: 0 });
  });

  it('without qBittorrent configured it does nothing and says why', async () => {
    const job = createQbittorrentPollJob({ downloads: createDownloadRepository(t.db), inbox: createInboxRepository(t.db), onStored: () => {} });
    expect(await job.run(ctx)).toEqual({ details: { skipped: 'qBittorrent is not configured' } });
  });
});
