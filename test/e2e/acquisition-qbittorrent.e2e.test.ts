import { eq } from 'drizzle-orm';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../src/app/start-service.js';
import { loadConfig } from '../../src/config/load-config.js';
import { buildCompletionHookCommand } from '../../src/core/acquisition/completion-hook.js';
import { createWantedOperations } from '../../src/core/acquisition/wanted-operations.js';
import { systemClock } from '../../src/core/clock.js';
import { NotificationRepository } from '../../src/db/repositories/notification.repository.js';
import { createWantedBookRepository } from '../../src/db/repositories/wanted-book.repository.js';
import { notifications, wantedBooks, wantedTransitions, webhookEvents } from '../../src/db/schema/index.js';
import { QbittorrentClient } from '../../src/integrations/qbittorrent/index.js';
import { createJobQueue } from '../../src/jobs/job-queue.js';
import { connectJobStore } from '../../src/jobs/job-store.js';
import { startProwlarrFake, makeRelease, type ProwlarrFake } from '../fakes/prowlarr/index.js';
import { makeTorrent, payloadBytes, writePayload } from '../fixtures/torrents/make-torrent.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { qbittorrentNoxAvailability, startQbittorrentNox, type RunningQbittorrent } from '../helpers/qbittorrent-nox.js';

const nox = qbittorrentNoxAvailability();
const SECRET = 'e2e-webhook-secret-0123456789';
const logger = pino({ level: 'silent' });

/** Gives a torrent of `q` a peer through qBittorrent's own API (`torrents/addPeers`), as the issue's test setup does. */
async function addPeer(q: RunningQbittorrent, hash: string, peer: string): Promise<void> {
  const login = await fetch(`${q.url}/api/v2/auth/login`, { method: 'POST', body: new URLSearchParams({ username: q.username, password: q.password }) });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const res = await fetch(`${q.url}/api/v2/torrents/addPeers`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams({ hashes: hash, peers: peer }) });
  if (!res.ok) throw new Error(`addPeers: ${res.status} ${await res.text()}`);
}

async function until<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The whole acquisition with real qBittorrent: the fake Prowlarr serves a .torrent whose data a second, seeding
 * qbittorrent-nox holds on loopback; the book is approved and its search queued; the service's worker searches, grabs
 * into its qBittorrent; the test gives that instance the seeder as a peer; the data really transfers; qBittorrent's
 * completion hook reaches the webhook; the book is DOWNLOADED.
 */
describe.skipIf(!nox.available)(`acquisition end to end with qbittorrent-nox${nox.available ? '' : ` (${nox.reason})`}`, () => {
  let seeder: RunningQbittorrent;
  let leecher: RunningQbittorrent;
  let prowlarr: ProwlarrFake;
  let t: TestDatabase;
  let service: RunningService;
  let dataDir: string;

  beforeAll(async () => {
    [seeder, leecher, prowlarr, t] = await Promise.all([startQbittorrentNox(), startQbittorrentNox(), startProwlarrFake(), createTestDatabase()]);
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-acq-'));
    const env = {
      DATABASE_URL: t.url,
      DATA_DIR: dataDir,
      HTTP_PORT: '0',
      WEBHOOK_SECRET: SECRET,
      QBITTORRENT_URL: leecher.url,
      QBITTORRENT_USERNAME: leecher.username,
      QBITTORRENT_PASSWORD: leecher.password,
      PROWLARR_URL: prowlarr.url,
      PROWLARR_API_KEY: prowlarr.controls.apiKey,
      DOWNLOAD_ROOT: leecher.savePath,
      // The shortest stall setting: a torrent nobody seeds fails after a minute.
      DOWNLOAD_STALL_MINUTES: '1',
    };
    service = await startService({ config: loadConfig(env, { envFile: false }), roles: new Set(['web', 'worker']), logger });
  }, 90_000);
  afterAll(async () => {
    await service?.stop();
    await Promise.all([seeder?.stop(), leecher?.stop(), prowlarr?.close()]);
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('approve → search → grab → the data transfers from a real seeder → the hook fires → DOWNLOADED, within 60 s', async () => {
    // The seeder holds the book (a public torrent without a tracker: nothing leaves loopback).
    const files = [{ path: 'Elantris.m4b', content: payloadBytes(3_000_000, 'e2e-acquisition') }];
    const torrent = makeTorrent({ name: 'Brandon Sanderson - Elantris [M4B]', files });
    await writePayload(seeder.savePath, { name: torrent.name, files });
    const seed = new QbittorrentClient({ baseUrl: seeder.url, username: seeder.username, password: seeder.password, logger });
    await seed.addTorrent({ torrent: torrent.bytes, savePath: seeder.savePath });
    await until('the seeder to seed', async () => (await seed.torrent(torrent.infoHash))?.isComplete, 20_000);
    prowlarr.controls.state.releases.push({ ...makeRelease({ title: torrent.name, indexerId: 3 }), torrent: torrent.bytes, infoHash: torrent.infoHash });

    // The service's qBittorrent runs the completion hook into the service's webhook.
    const leech = new QbittorrentClient({ baseUrl: leecher.url, username: leecher.username, password: leecher.password, logger });
    await leech.setPreferences({ autorunEnabled: true, autorunProgram: buildCompletionHookCommand({ serviceUrl: service.httpUrl!, secret: SECRET }) });

    const started = Date.now();
    const ops = createWantedOperations({ store: createWantedBookRepository(t.db, new NotificationRepository(t.db)), clock: systemClock });
    const requested = await ops.request({ title: 'Elantris', authors: ['Brandon Sanderson'], approved: true }, 'user:42');
    if (!requested.ok) throw new Error(requested.message);
    const id = requested.book.id;
    // What `cli wanted add --approve` does: queue the book's search.
    const store = await connectJobStore({ postgresUrl: t.url, logger });
    await createJobQueue(store)('search-approved', { wantedBookId: id }, { dedupeKey: `book:${id}` });
    await store.stop(0);

    const added = await until('the grab to reach qBittorrent', async () => leech.torrent(torrent.infoHash), 40_000);
    expect(added.tags).toEqual(expect.arrayContaining(['shelfkeeper', `wanted-${id}`]));
    expect(added.category).toBe('audiobooks');
    await addPeer(leecher, torrent.infoHash, `127.0.0.1:${seeder.torrentPort}`);

    await until(
      'the book to be DOWNLOADED',
      async () => (await t.db.select({ s: wantedBooks.state }).from(wantedBooks).where(eq(wantedBooks.id, id)))[0]!.s === 'DOWNLOADED',
      60_000 - (Date.now() - started),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(60_000);
    // The data really arrived.
    expect(Buffer.compare(await readFile(path.join(leecher.savePath, torrent.name, 'Elantris.m4b')), files[0]!.content)).toBe(0);
    const transitions = await t.db.select().from(wantedTransitions).where(eq(wantedTransitions.wantedBookId, id));
    const downloaded = transitions.filter((x) => x.toState === 'DOWNLOADED');
    expect(downloaded).toHaveLength(1);
    expect(['webhook:qbittorrent', 'job:download-monitor']).toContain(downloaded[0]!.actor);
    // qBittorrent's hook really fired and was handled (whichever of it and the monitor moved the book first).
    const hook = await until('the hook event to be handled', async () => (await t.db.select().from(webhookEvents)).find((e) => e.status === 'processed'), 10_000);
    expect(hook).toMatchObject({ source: 'qbittorrent', payload: expect.objectContaining({ hash: torrent.infoHash, via: 'hook' }) });
    const kinds = (await t.db.select({ kind: notifications.kind }).from(notifications)).map((n) => n.kind);
    expect(kinds.filter((k) => k === 'wanted-downloaded')).toHaveLength(1);
    expect(kinds).toContain('wanted-grabbed');
  }, 120_000);

  it('the preferred release has no seeder: the stall is detected, that release blocklisted, and the next one (seeded) downloads after a retry', async () => {
    const name = (suffix: string) => `Brandon Sanderson - Warbreaker ${suffix}`;
    const orphanFiles = [{ path: 'Warbreaker.m4b', content: payloadBytes(2_000_000, 'e2e-orphan') }];
    const orphan = makeTorrent({ name: name('[M4B]'), files: orphanFiles });
    const seededFiles = [{ path: 'Warbreaker.mp3', content: payloadBytes(2_500_000, 'e2e-seeded') }];
    const seeded = makeTorrent({ name: name('[MP3]'), files: seededFiles });
    await writePayload(seeder.savePath, { name: seeded.name, files: seededFiles });
    const seed = new QbittorrentClient({ baseUrl: seeder.url, username: seeder.username, password: seeder.password, logger });
    await seed.addTorrent({ torrent: seeded.bytes, savePath: seeder.savePath });
    await until('the seeder to seed', async () => (await seed.torrent(seeded.infoHash))?.isComplete, 20_000);
    for (const tor of [orphan, seeded]) prowlarr.controls.state.releases.push({ ...makeRelease({ title: tor.name, indexerId: 3 }), torrent: tor.bytes, infoHash: tor.infoHash });

    const leech = new QbittorrentClient({ baseUrl: leecher.url, username: leecher.username, password: leecher.password, logger });
    const ops = createWantedOperations({ store: createWantedBookRepository(t.db, new NotificationRepository(t.db)), clock: systemClock });
    const requested = await ops.request({ title: 'Warbreaker', authors: ['Brandon Sanderson'], approved: true }, 'user:42');
    if (!requested.ok) throw new Error(requested.message);
    const id = requested.book.id;
    const queueSearch = async () => {
      const store = await connectJobStore({ postgresUrl: t.url, logger });
      await createJobQueue(store)('search-approved', { wantedBookId: id }, { dedupeKey: `book:${id}` });
      await store.stop(0);
    };
    await queueSearch();
    // The M4B is preferred, and nobody seeds it: no peer is ever given.
    await until('the preferred release to be grabbed', async () => leech.torrent(orphan.infoHash), 40_000);
    const waiting = await until(
      'the stall to be detected',
      async () => {
        const [b] = await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, id));
        return b!.state === 'RETRY_WAIT' ? b : undefined;
      },
      150_000,
    );
    expect(waiting).toMatchObject({ retryStage: 'download', attempts: 1 });
    const { failures } = await ops.history(id);
    expect(failures).toMatchObject([{ stage: 'download', errorType: 'stalled', error: expect.stringMatching(/^no data for \d+ min and no seed connected/) }]);
    expect((await ops.blocklist(id)).map((b) => b.infoHash)).toEqual([orphan.infoHash]);
    expect(await leech.torrent(orphan.infoHash)).toBeUndefined();

    // A user's retry (now, instead of the schedule's 5 min): the search takes the next acceptable release.
    const retried = await ops.retry(id, 'user:42');
    expect(retried).toMatchObject({ ok: true, book: { state: 'APPROVED' } });
    await queueSearch();
    await until('the next release to be grabbed', async () => leech.torrent(seeded.infoHash), 40_000);
    await addPeer(leecher, seeded.infoHash, `127.0.0.1:${seeder.torrentPort}`);
    await until('the book to be DOWNLOADED', async () => (await t.db.select({ s: wantedBooks.state }).from(wantedBooks).where(eq(wantedBooks.id, id)))[0]!.s === 'DOWNLOADED', 60_000);
    expect(Buffer.compare(await readFile(path.join(leecher.savePath, seeded.name, 'Warbreaker.mp3')), seededFiles[0]!.content)).toBe(0);
  }, 300_000);
});
