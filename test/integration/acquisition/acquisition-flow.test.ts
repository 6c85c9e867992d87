import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRegistry } from '../../../src/app/job-definitions.js';
import { buildServices } from '../../../src/app/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { qbittorrentCompletionEvent } from '../../../src/core/inbox/qbittorrent-events.js';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { downloads, failedAttempts, notifications, releaseBlocklist, releases, wantedBooks, wantedTransitions } from '../../../src/db/schema/index.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { startProwlarrFake, type ProwlarrFake } from '../../fakes/prowlarr/index.js';
import { startQbittorrentFake, type QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { MIN, approvedBook, buildAcquisition, logger } from './acquisition-harness.js';

describe('acquisition: approve → search → grab → download → DOWNLOADED (real Postgres, fakes over HTTP)', () => {
  let t: TestDatabase;
  let prowlarr: ProwlarrFake;
  let qbt: QbittorrentFake;
  let clock: FakeClock;

  beforeAll(async () => {
    prowlarr = await startProwlarrFake();
    qbt = await startQbittorrentFake({ downloadMs: 60 * MIN });
  });
  afterAll(async () => {
    await prowlarr.close();
    await qbt.close();
  });
  beforeEach(async () => {
    t = await createTestDatabase();
    clock = new FakeClock(Date.now());
    prowlarr.controls.state.releases.length = 0;
    prowlarr.controls.faults.clear();
    for (const i of prowlarr.controls.state.indexers.values()) i.failing = false;
    qbt.controls.state.torrents.clear();
    qbt.controls.faults.clear();
    qbt.controls.state.finishedHooks.length = 0;
    qbt.controls.requests.length = 0;
  });
  afterEach(async () => t.close());

  const rowsOf = async (id: string) => ({
    book: (await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, id)))[0]!,
    downloads: await t.db.select().from(downloads).where(eq(downloads.wantedBookId, id)),
    releases: await t.db.select().from(releases).where(eq(releases.wantedBookId, id)),
    failures: await t.db.select().from(failedAttempts).where(eq(failedAttempts.wantedBookId, id)),
    transitions: await t.db.select().from(wantedTransitions).where(eq(wantedTransitions.wantedBookId, id)).orderBy(asc(wantedTransitions.seq)),
  });

  it('grabs the best release with our category, tags and save path, follows it to DOWNLOADING, and the completion hook makes it DOWNLOADED once', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    const best = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [M4B]' });
    prowlarr.controls.addRelease({ title: 'The Way of Kings by Brandon Sanderson [ENG / MP3]' });
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [EPUB]' });
    const book = await approvedBook(a.operations, 'The Way of Kings');

    const run = await a.search.run('job:search-approved');
    expect(run).toMatchObject({ claimed: 1, grabbed: 1, failed: 0 });
    let r = await rowsOf(book.id);
    expect(r.book.state).toBe('GRABBED');
    expect(r.downloads).toHaveLength(1);
    expect(r.downloads[0]).toMatchObject({ qbitHash: best.infoHash, state: 'queued', category: 'audiobooks', savePath: '/downloads/shelfkeeper' });
    // Every result judged and stored: the choice and each refusal with its reason; no credential-bearing link.
    const byTitle = new Map(r.releases.map((x) => [x.title, x]));
    expect(byTitle.get(best.title)).toMatchObject({ accepted: true, chosen: true, reason: expect.stringContaining('picked') });
    expect(byTitle.get('The Way of Kings by Brandon Sanderson [ENG / MP3]')).toMatchObject({ accepted: true, chosen: false });
    expect(byTitle.get('Brandon Sanderson - The Way of Kings [EPUB]')).toMatchObject({ accepted: false, reason: 'ebook (EPUB)' });
    expect(JSON.stringify(r.releases)).not.toContain(prowlarr.controls.apiKey);
    const inQbt = qbt.controls.state.torrents.get(best.infoHash)!;
    expect(inQbt).toMatchObject({ category: 'audiobooks', savePath: '/downloads/shelfkeeper' });
    expect(inQbt.tags).toEqual(expect.arrayContaining(['shelfkeeper', `wanted-${book.id}`]));

    // First look: progress → DOWNLOADING, with progress, speed, ETA and seeds stored.
    await new Promise((res) => setTimeout(res, 50));
    const look = await a.monitor.run('job:download-monitor');
    expect(look).toMatchObject({ watched: 1, started: 1 });
    r = await rowsOf(book.id);
    expect(r.book.state).toBe('DOWNLOADING');
    expect(r.downloads[0]).toMatchObject({ state: 'downloading', downloadSpeedBps: 1_000_000, seeds: 0 });
    expect(r.downloads[0]!.progress).toBeGreaterThan(0);
    expect(r.downloads[0]!.watch).toMatchObject({ leastLeftBytes: expect.any(Number) });

    // The torrent finishes; qBittorrent's hook is received into the inbox and the inbox job moves the book at once.
    const inbox = createInboxRepository(t.db);
    const received: Promise<unknown>[] = [];
    qbt.controls.onFinished((args) => {
      received.push(inbox.receive(qbittorrentCompletionEvent({ hash: args.I, name: args.N, category: args.L, tags: args.G.split(','), contentPath: args.F, savePath: args.D, sizeBytes: Number(args.Z), fileCount: Number(args.C) }, 'hook')));
    });
    inQbt.downloadMs = 0;
    qbt.controls.state.refresh();
    await Promise.all(received);
    const registry = buildJobRegistry(buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger }));
    await runJob(registry.get('inbox')!, {}, { taskRuns: createTaskRunRepository(t.db), clock, logger });
    r = await rowsOf(book.id);
    expect(r.book.state).toBe('DOWNLOADED');
    expect(r.downloads[0]).toMatchObject({ state: 'completed', progress: 1 });
    expect(r.transitions.map((x) => [x.toState, x.actor])).toEqual([
      ['PENDING_APPROVAL', 'user:100'],
      ['APPROVED', 'user:200'],
      ['SEARCHING', 'job:search-approved'],
      ['GRABBED', 'job:search-approved'],
      ['DOWNLOADING', 'job:download-monitor'],
      ['DOWNLOADED', 'webhook:qbittorrent'],
    ]);
    // The monitor seeing it complete afterwards changes nothing.
    await a.monitor.run('job:download-monitor');
    expect((await rowsOf(book.id)).transitions).toHaveLength(6);

    const notes = await t.db.select().from(notifications).orderBy(asc(notifications.createdAt));
    expect(notes.map((n) => n.kind)).toEqual(['wanted-approved', 'wanted-grabbed', 'wanted-downloaded']);
    const grabbed = notes[1]!.payload as { fields: { name: string; value: string }[] };
    expect(Object.fromEntries(grabbed.fields.map((f) => [f.name, f.value]))).toMatchObject({
      Release: best.title,
      Size: '512.0 MiB',
      Indexer: 'MyAnonamouse',
      Why: expect.stringContaining('beats "The Way of Kings by Brandon Sanderson [ENG / MP3]"'),
    });
  });

  it('no acceptable release: a search failure on the retry schedule with the summary of the refusals', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [EPUB]' });
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [MOBI]' });
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [M4B]', seeders: 0 });
    const book = await approvedBook(a.operations, 'The Way of Kings');
    expect(await a.search.run('job:search-approved')).toMatchObject({ claimed: 1, failed: 1 });
    const r = await rowsOf(book.id);
    expect(r.book).toMatchObject({ state: 'RETRY_WAIT', retryStage: 'search', attempts: 1 });
    expect(r.book.nextRetryAt!.getTime() - clock.nowMs()).toBe(5 * MIN);
    expect(r.failures).toMatchObject([{ stage: 'search', errorType: 'no-acceptable-release', error: expect.stringMatching(/^no acceptable release among \d+ results: \d+ ebooks, \d+ with too few seeders$/) }]);
    expect(qbt.controls.state.torrents.size).toBe(0);
    expect(r.releases.every((x) => !x.accepted)).toBe(true);
    // Due: back to APPROVED, and the search runs again.
    clock.advance(6 * MIN);
    const { resumed } = await a.operations.resumeDue('job:retry-due');
    expect(resumed.map((m) => m.book.state)).toEqual(['APPROVED']);
  });

  it('an outage is a failure that names it, never "no results"', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [M4B]' });
    const down = await approvedBook(a.operations, 'The Way of Kings');
    prowlarr.controls.setFault('server_error');
    await a.search.run('job:search-approved');
    let r = await rowsOf(down.id);
    expect(r.book.state).toBe('RETRY_WAIT');
    expect(r.failures[0]).toMatchObject({ errorType: 'upstream-outage', error: expect.stringMatching(/^no release could be searched; outage: prowlarr failed: /) });
    expect(r.failures[0]!.error).not.toContain('no results');
    expect(r.failures[0]!.error).not.toContain(prowlarr.controls.apiKey);

    // Prowlarr answers, but swallows its failing MyAnonamouse indexer: the failure names that indexer.
    prowlarr.controls.faults.clear();
    prowlarr.controls.setIndexerFailing(7, true);
    const swallowed = await approvedBook(a.operations, 'Elantris');
    await a.search.run('job:search-approved');
    r = await rowsOf(swallowed.id);
    expect(r.failures[0]).toMatchObject({ errorType: 'upstream-outage', error: expect.stringContaining('outage: MyAnonamouse (through prowlarr) is failing') });
  });

  it('MAX_ACTIVE_DOWNLOADS: approved books beyond it wait in APPROVED and are taken in approval order', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock, { maxActiveDownloads: 2 });
    const titles = ['Elantris', 'Warbreaker', 'Mistborn', 'Skyward'];
    for (const title of titles) prowlarr.controls.addRelease({ title: `Brandon Sanderson - ${title} [M4B]` });
    const books: { id: string }[] = [];
    for (const title of titles) {
      books.push(await approvedBook(a.operations, title));
      clock.advance(1000);
    }
    expect(await a.search.run('job:search-approved')).toMatchObject({ claimed: 2, grabbed: 2, waiting: true });
    const states = async () => Promise.all(books.map(async (b) => (await rowsOf(b.id)).book.state));
    expect(await states()).toEqual(['GRABBED', 'GRABBED', 'APPROVED', 'APPROVED']);
    expect(qbt.controls.state.torrents.size).toBe(2);
    // A second run changes nothing while both are active; once one completes, the next in approval order goes.
    expect(await a.search.run('job:search-approved')).toMatchObject({ claimed: 0, waiting: true });
    for (const torrent of qbt.controls.state.torrents.values()) if (torrent.name.includes('Elantris')) torrent.downloadMs = 0;
    qbt.controls.state.refresh();
    const look = await a.monitor.run('job:download-monitor');
    expect(look).toMatchObject({ completed: 1, slotsFree: true });
    expect(await a.search.run('job:search-approved')).toMatchObject({ claimed: 1, grabbed: 1, waiting: true });
    expect(await states()).toEqual(['DOWNLOADED', 'DOWNLOADING', 'GRABBED', 'APPROVED']);
  });

  it('a stalled download: that release blocklisted, the torrent taken out, and the next acceptable release tried on the retry schedule', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock, { stallMs: 30 * MIN });
    const first = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - The Way of Kings [M4B]' });
    const second = prowlarr.controls.addRelease({ title: 'The Way of Kings by Brandon Sanderson [ENG / MP3]' });
    const book = await approvedBook(a.operations, 'The Way of Kings');
    await a.search.run('job:search-approved');
    const torrent = qbt.controls.state.torrents.get(first.infoHash)!;
    await new Promise((res) => setTimeout(res, 30));
    await a.monitor.run('job:download-monitor');
    expect((await rowsOf(book.id)).book.state).toBe('DOWNLOADING');
    // No more data, no seed: stalled once DOWNLOAD_STALL_MINUTES have passed.
    qbt.controls.state.refresh();
    torrent.runningSince = undefined;
    clock.advance(20 * MIN);
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ failed: 0 });
    clock.advance(15 * MIN);
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ failed: 1 });
    let r = await rowsOf(book.id);
    expect(r.book).toMatchObject({ state: 'RETRY_WAIT', retryStage: 'download', attempts: 1 });
    expect(r.failures).toMatchObject([{ stage: 'download', errorType: 'stalled', error: expect.stringMatching(/^no data for 3\d min and no seed connected/), downloadId: r.downloads[0]!.id }]);
    expect(r.downloads[0]).toMatchObject({ state: 'failed' });
    const blocked = await t.db.select().from(releaseBlocklist).where(eq(releaseBlocklist.wantedBookId, book.id));
    expect(blocked).toMatchObject([{ key: `hash:${first.infoHash}`, guid: first.guid, indexer: 'MyAnonamouse' }]);
    expect(qbt.controls.state.torrents.has(first.infoHash)).toBe(false);
    const failedNote = (await t.db.select().from(notifications).where(eq(notifications.kind, 'wanted-failed')))[0]!.payload as { fields: { name: string; value: string }[] };
    expect(failedNote.fields.map((f) => f.name)).toEqual(expect.arrayContaining(['Stage', 'Reason', 'Next try']));

    clock.advance(6 * MIN);
    await a.operations.resumeDue('job:retry-due');
    expect(await a.search.run('job:search-approved')).toMatchObject({ grabbed: 1 });
    r = await rowsOf(book.id);
    expect(r.book.state).toBe('GRABBED');
    expect(r.downloads.find((d) => d.state === 'queued')!.qbitHash).toBe(second.infoHash);
    expect(r.releases.find((x) => x.guid === first.guid)).toMatchObject({ accepted: false });
    expect(qbt.controls.state.torrents.has(second.infoHash)).toBe(true);
  });

  it('a torrent removed from qBittorrent by someone is a download failure', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    const rel = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Elantris [M4B]' });
    const book = await approvedBook(a.operations, 'Elantris');
    await a.search.run('job:search-approved');
    qbt.controls.state.torrents.delete(rel.infoHash);
    // Within its first minute a missing torrent may just not be listed yet.
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ failed: 0 });
    clock.advance(2 * MIN);
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ failed: 1 });
    const r = await rowsOf(book.id);
    expect(r.failures[0]).toMatchObject({ errorType: 'removed' });
    expect(r.downloads[0]!.state).toBe('removed');
  });

  it('a book cancelled while downloading: its torrent is taken out of qBittorrent with its data', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    const rel = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Elantris [M4B]' });
    const book = await approvedBook(a.operations, 'Elantris');
    await a.search.run('job:search-approved');
    expect(await a.operations.cancel(book.id, 'user:7', 'changed my mind')).toMatchObject({ ok: true });
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ abandoned: 1, watched: 0 });
    expect(qbt.controls.state.torrents.has(rel.infoHash)).toBe(false);
    expect((await rowsOf(book.id)).downloads[0]).toMatchObject({ state: 'removed', lastError: 'the wanted book was cancelled' });
    expect(await a.monitor.run('job:download-monitor')).toMatchObject({ abandoned: 0 });
  });

  it('a torrent qBittorrent already has is adopted when it is ours, refused when it is someone else\'s', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    const theirs = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Elantris [M4B]' });
    const fallback = prowlarr.controls.addRelease({ title: 'Elantris by Brandon Sanderson [ENG / MP3]' });
    const book = await approvedBook(a.operations, 'Elantris');
    // The user added the best release themselves: qBittorrent answers the duplicate add with "not added".
    await a.qbittorrent.addTorrent({ torrent: theirs.torrent, category: 'mine' });
    await a.search.run('job:search-approved');
    const r = await rowsOf(book.id);
    expect(r.book.state).toBe('GRABBED');
    expect(r.downloads.map((d) => d.qbitHash)).toEqual([fallback.infoHash]);
    expect(r.releases.find((x) => x.guid === theirs.guid)!.reason).toBe('not grabbed: qBittorrent already has this torrent, added by someone else');
    expect(qbt.controls.state.torrents.get(theirs.infoHash)!.category).toBe('mine');
  });

  it('a grab interrupted between "download row written" and "torrent added" is re-added by the sweep; one between "added" and "state updated" is adopted — each downloading exactly once', async () => {
    const titles = ['Elantris', 'Warbreaker'];
    for (const title of titles) prowlarr.controls.addRelease({ title: `Brandon Sanderson - ${title} [M4B]` });
    const hang = new Promise<never>(() => {});
    // The first process dies inside the add: before it reaches qBittorrent (Elantris), or right after (Warbreaker).
    const dying = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock, {
      wrapTorrents: (port) => ({
        ...port,
        async add(input) {
          if (input.tags.some((tag) => tag === `wanted-${books[0]!.id}`)) return hang;
          await port.add(input);
          return hang;
        },
      }),
    });
    const books = [await approvedBook(dying.operations, titles[0]!), await approvedBook(dying.operations, titles[1]!)];
    void dying.search.run('job:search-approved');
    void buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock, { wrapTorrents: () => dying.torrents }).search.run('job:search-approved');
    const both = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(downloads))[0]!.n === 2 && qbt.controls.state.torrents.size === 1;
    const started = Date.now();
    while (!(await both())) {
      if (Date.now() - started > 10_000) throw new Error('the grabs did not reach the crash points');
      await new Promise((res) => setTimeout(res, 20));
    }
    expect((await Promise.all(books.map((b) => rowsOf(b.id)))).map((r) => r.book.state)).toEqual(['SEARCHING', 'SEARCHING']);

    // "Restart": a new process; its sweep (the download monitor) leaves a fresh claim alone, takes over a stale one.
    const restarted = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    expect(await restarted.monitor.run('job:download-monitor')).toMatchObject({ recovered: 0 });
    clock.advance(11 * MIN);
    expect(await restarted.monitor.run('job:download-monitor')).toMatchObject({ recovered: 2 });
    for (const b of books) {
      const r = await rowsOf(b.id);
      expect(r.book.state).toBe('GRABBED');
      expect(r.downloads).toHaveLength(1);
      expect(r.transitions.filter((x) => x.toState === 'GRABBED')).toHaveLength(1);
    }
    expect(qbt.controls.state.torrents.size).toBe(2);
    const added = qbt.controls.requests.filter((req) => req.path === '/api/v2/torrents/add');
    // Warbreaker's add before the crash and Elantris's re-add by the sweep; the adoption sends nothing.
    expect(added).toHaveLength(2);
    await new Promise((res) => setTimeout(res, 30));
    await restarted.monitor.run('job:download-monitor');
    expect((await Promise.all(books.map((b) => rowsOf(b.id)))).map((r) => r.book.state)).toEqual(['DOWNLOADING', 'DOWNLOADING']);
  });
});
