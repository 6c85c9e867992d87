import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/app/start-service.js';
import { loadConfig } from '../../src/config/load-config.js';
import { downloads, notifications, wantedBooks, webhookEvents } from '../../src/db/schema/index.js';
import { QbittorrentClient } from '../../src/integrations/qbittorrent/index.js';
import { makeTorrent, payloadBytes, writePayload } from '../fixtures/torrents/make-torrent.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { qbittorrentNoxAvailability, startQbittorrentNox, type RunningQbittorrent } from '../helpers/qbittorrent-nox.js';
import { spawnService } from '../helpers/spawn-service.js';

const nox = qbittorrentNoxAvailability();
const SECRET = 'e2e-webhook-secret-0123456789';
const logger = pino({ level: 'silent' });

/**
 * The whole completion path with a real qBittorrent: `cli qbittorrent setup-hook` writes the hook, qBittorrent finishes a
 * torrent whose data is present, runs curl, the webhook stores the event, the worker marks our download completed and
 * queues its notification.
 */
describe.skipIf(!nox.available)(`qBittorrent completion hook end to end${nox.available ? '' : ` (${nox.reason})`}`, () => {
  let q: RunningQbittorrent;
  let t: TestDatabase;
  let service: RunningService;
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    q = await startQbittorrentNox();
    t = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-hook-'));
    env = {
      DATABASE_URL: t.url,
      DATA_DIR: dataDir,
      HTTP_PORT: '0',
      WEBHOOK_SECRET: SECRET,
      QBITTORRENT_URL: q.url,
      QBITTORRENT_USERNAME: q.username,
      QBITTORRENT_PASSWORD: q.password,
    };
    service = await startService({ config: loadConfig(env, { envFile: false }), roles: new Set(['web', 'worker']), logger });
  }, 60_000);
  afterAll(async () => {
    await service?.stop();
    await q?.stop();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a finished torrent of ours turns its download completed and queues one notification within 30 s', async () => {
    const setup = spawnService(['run', '--silent', 'cli', '--', 'qbittorrent', 'setup-hook', '--service-url', service.httpUrl!], env);
    expect(await setup.exited).toBe(0);
    expect(setup.output()).toContain('/webhooks/qbittorrent');
    expect(setup.output()).not.toContain(SECRET);

    const files = [{ path: 'Part 01.mp3', content: payloadBytes(64_000, 'e2e-hook') }];
    const torrent = makeTorrent({ name: 'Rock & Roll + 100% = Ünïcödé (Book 1)', files });
    await writePayload(q.savePath, { name: torrent.name, files });
    const [wanted] = await t.db.insert(wantedBooks).values({ source: 'REQUEST', state: 'DOWNLOADING', title: 'Rock & Roll', dedupeKey: 'e2e:rock' }).returning();
    await t.db.insert(downloads).values({ qbitHash: torrent.infoHash, name: torrent.name, wantedBookId: wanted!.id, state: 'downloading' });

    const started = Date.now();
    const client = new QbittorrentClient({ baseUrl: q.url, username: q.username, password: q.password, logger });
    await client.addTorrent({ torrent: torrent.bytes, category: 'audiobooks', savePath: q.savePath });

    let state = 'downloading';
    while (state !== 'completed' && Date.now() - started < 30_000) {
      await new Promise((r) => setTimeout(r, 250));
      state = (await t.db.select({ state: downloads.state }).from(downloads).where(eq(downloads.qbitHash, torrent.infoHash)))[0]!.state;
    }
    expect(state).toBe('completed');

    const [event] = await t.db.select().from(webhookEvents);
    expect(event).toMatchObject({ source: 'qbittorrent', status: 'processed', outcome: 'completed' });
    expect(event!.payload).toMatchObject({ hash: torrent.infoHash, name: torrent.name, category: 'audiobooks', fileCount: 1, sizeBytes: 64_000 });
    const queued = await t.db.select().from(notifications);
    expect(queued).toHaveLength(1);
    expect(queued[0]!.kind).toBe('wanted-downloaded');
    expect((await t.db.select({ state: wantedBooks.state }).from(wantedBooks))[0]!.state).toBe('DOWNLOADED');
  }, 60_000);
});
