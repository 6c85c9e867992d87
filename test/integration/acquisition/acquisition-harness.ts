import pino from 'pino';
import { mamSearcher, prowlarrSearcher, qbittorrentPort } from '../../../src/app/acquisition-ports.js';
import type { TorrentClientPort } from '../../../src/core/acquisition/acquisition.port.js';
import { createDownloadMonitor } from '../../../src/core/acquisition/download-monitor.js';
import { createSearchApproved } from '../../../src/core/acquisition/search-approved.js';
import { createWantedOperations, type WantedOperations } from '../../../src/core/acquisition/wanted-operations.js';
import type { Database } from '../../../src/db/client.js';
import { createDownloadRepository } from '../../../src/db/repositories/download.repository.js';
import { NotificationRepository } from '../../../src/db/repositories/notification.repository.js';
import { createWantedBookRepository } from '../../../src/db/repositories/wanted-book.repository.js';
import { MamClient } from '../../../src/integrations/mam/index.js';
import { ProwlarrClient } from '../../../src/integrations/prowlarr/index.js';
import { QbittorrentClient } from '../../../src/integrations/qbittorrent/index.js';
import type { MamFake } from '../../fakes/mam/mam.fake.js';
import type { ProwlarrFake } from '../../fakes/prowlarr/index.js';
import type { QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { FakeClock } from '../../unit/http/fake-clock.js';

export const logger = pino({ level: 'silent' });
export const MIN = 60_000;

export interface HarnessOptions {
  maxActiveDownloads?: number;
  stallMs?: number;
  /** Wraps the qBittorrent port (to simulate a crash around the add). */
  wrapTorrents?: (port: TorrentClientPort) => TorrentClientPort;
  mam?: { fake: MamFake & { mamId: string } };
}

/**
 * The acquisition as the service builds it (src/app/job-definitions.ts), on one database pool, with the real clients
 * against the fakes and a fake clock: the wanted operations, the search and the download monitor.
 */
export function buildAcquisition(db: Database, fakes: { prowlarr: ProwlarrFake; qbittorrent: QbittorrentFake }, clock: FakeClock, opts: HarnessOptions = {}) {
  const outbox = new NotificationRepository(db);
  const operations: WantedOperations = createWantedOperations({ store: createWantedBookRepository(db, outbox), clock, random: () => 0.5 });
  const store = createDownloadRepository(db);
  const prowlarr = new ProwlarrClient({ baseUrl: fakes.prowlarr.url, apiKey: fakes.prowlarr.controls.apiKey, logger, retry: { maxAttempts: 1 } });
  const q = fakes.qbittorrent.controls;
  const qbittorrent = new QbittorrentClient({ baseUrl: fakes.qbittorrent.url, username: q.username, password: q.password, logger, retry: { maxAttempts: 1 } });
  const realPort = qbittorrentPort(qbittorrent);
  const torrents = opts.wrapTorrents ? opts.wrapTorrents(realPort) : realPort;
  const searchers = [prowlarrSearcher(prowlarr)];
  let mamBuffer: (() => Promise<number | null>) | undefined;
  if (opts.mam) {
    const { fake } = opts.mam;
    const create = () => new MamClient({ mamId: fake.mamId, baseUrl: fake.url, logger, retry: { maxAttempts: 1 }, windows: [] });
    searchers.push(mamSearcher(create, fake.url));
    mamBuffer = async () => (await create().checkSession()).bufferBytes;
  }
  const settings = {
    category: 'audiobooks',
    downloadRoot: '/downloads/shelfkeeper',
    mamMinBufferBytes: 10 * 1024 ** 3,
    maxActiveDownloads: opts.maxActiveDownloads ?? 5,
    stallMs: opts.stallMs ?? 120 * MIN,
  };
  const search = createSearchApproved({ operations, store, searchers, torrents, clock, log: logger, settings, ...(mamBuffer ? { mamBuffer } : {}) });
  const monitor = createDownloadMonitor({ operations, store, torrents, clock, log: logger, settings });
  return { operations, store, search, monitor, qbittorrent, torrents, realPort };
}

export async function approvedBook(operations: WantedOperations, title: string, authors = ['Brandon Sanderson']) {
  const r = await operations.request({ title, authors }, 'user:100');
  if (!r.ok) throw new Error(r.message);
  const a = await operations.approve(r.book.id, 'user:200');
  if (!a.ok) throw new Error(a.message);
  return a.book;
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
