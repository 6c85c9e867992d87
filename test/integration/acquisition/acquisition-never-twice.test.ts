import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/db/client.js';
import { authors, bookAuthors, books, downloads, wantedBooks, wantedTransitions } from '../../../src/db/schema/index.js';
import { startMamFake, type MamFake } from '../../fakes/mam/mam.fake.js';
import { startProwlarrFake, type ProwlarrFake } from '../../fakes/prowlarr/index.js';
import { startQbittorrentFake, type QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { DEFAULT_MAM_ID } from '../../fakes/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { MIN, approvedBook, buildAcquisition, logger } from './acquisition-harness.js';

describe('acquisition never grabs twice (real Postgres, two pools, fakes over HTTP)', () => {
  let t: TestDatabase;
  let prowlarr: ProwlarrFake;
  let qbt: QbittorrentFake;
  let clock: FakeClock;

  beforeAll(async () => {
    prowlarr = await startProwlarrFake();
    // 5.0 answers a duplicate add with 200 `Fails.`.
    qbt = await startQbittorrentFake({ version: '5.0', downloadMs: 60 * MIN });
  });
  afterAll(async () => {
    await prowlarr.close();
    await qbt.close();
  });
  beforeEach(async () => {
    t = await createTestDatabase();
    clock = new FakeClock(Date.now());
    prowlarr.controls.state.releases.length = 0;
    qbt.controls.state.torrents.clear();
    qbt.controls.requests.length = 0;
  });
  afterEach(async () => t.close());

  it('two workers (each its own pool) on the same 50 approved books grab each exactly once', async () => {
    const other = createDatabase(t.url, logger, { max: 5 });
    try {
      const one = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock, { maxActiveDownloads: 100 });
      const two = buildAcquisition(other.db, { prowlarr, qbittorrent: qbt }, clock, { maxActiveDownloads: 100 });
      const ids: string[] = [];
      for (let i = 1; i <= 50; i += 1) {
        prowlarr.controls.addRelease({ title: `Brandon Sanderson - Cosmere Story Number${i} [M4B]` });
        ids.push((await approvedBook(one.operations, `Cosmere Story Number${i}`)).id);
      }
      const [a, b] = await Promise.all([one.search.run('job:search-approved'), two.search.run('job:search-approved')]);
      expect(a.grabbed + b.grabbed).toBe(50);
      expect(a.claimed + b.claimed).toBe(50);
      // Both really worked.
      expect(Math.min(a.claimed, b.claimed)).toBeGreaterThan(0);

      const states = await t.db.select({ state: wantedBooks.state }).from(wantedBooks);
      expect(states.every((s) => s.state === 'GRABBED')).toBe(true);
      const perBook = await t.db.select({ id: downloads.wantedBookId, n: sql<number>`count(*)::int` }).from(downloads).groupBy(downloads.wantedBookId);
      expect(perBook).toHaveLength(50);
      expect(perBook.every((r) => r.n === 1)).toBe(true);
      const grabs = await t.db.select({ n: sql<number>`count(*)::int` }).from(wantedTransitions).where(eq(wantedTransitions.event, 'grab'));
      expect(grabs[0]!.n).toBe(50);
      expect(qbt.controls.state.torrents.size).toBe(50);
      expect(qbt.controls.requests.filter((r) => r.path === '/api/v2/torrents/add')).toHaveLength(50);
    } finally {
      await other.close();
    }
  });

  it('a duplicate add answered `Fails.` adopts the torrent when it carries our tag', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    const rel = prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Elantris [M4B]' });
    const book = await approvedBook(a.operations, 'Elantris');
    // An earlier life of the service added it (our tags), then lost its row.
    await a.qbittorrent.addTorrent({ torrent: rel.torrent, category: 'audiobooks', tags: ['shelfkeeper', `wanted-${book.id}`] });
    qbt.controls.requests.length = 0;
    expect(await a.search.run('job:search-approved')).toMatchObject({ grabbed: 1 });
    const [row] = await t.db.select().from(downloads).where(eq(downloads.wantedBookId, book.id));
    expect(row!.qbitHash).toBe(rel.infoHash);
    expect((await t.db.select().from(wantedBooks))[0]!.state).toBe('GRABBED');
    const transitions = await t.db.select().from(wantedTransitions).where(eq(wantedTransitions.event, 'grab'));
    expect(transitions[0]!.reason).toBe('already in qBittorrent, adopted');
    expect(qbt.controls.state.torrents.size).toBe(1);
  });

  it('a book already in the library is marked OWNED instead of grabbed; one downloading under another wanted row is not grabbed again', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, clock);
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Elantris [M4B]' });
    prowlarr.controls.addRelease({ title: 'Brandon Sanderson - Warbreaker [M4B]' });
    const [author] = await t.db.insert(authors).values({ name: 'Brandon Sanderson', nameKey: 'brandon sanderson' }).returning();
    const [owned] = await t.db.insert(books).values({ title: 'Elantris', titleKey: 'elantris' }).returning();
    await t.db.insert(bookAuthors).values({ bookId: owned!.id, authorId: author!.id });
    const elantris = await approvedBook(a.operations, 'Elantris');
    await a.search.run('job:search-approved');
    expect((await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, elantris.id)))[0]).toMatchObject({ state: 'OWNED', ownedBookId: owned!.id });
    expect(qbt.controls.state.torrents.size).toBe(0);

    // The same book wanted twice (by ASIN, and by author + title): only the first downloads it.
    const first = await a.operations.request({ title: 'Warbreaker', authors: ['Brandon Sanderson'], asin: 'B002WAR001', approved: true }, 'user:1');
    clock.advance(1000);
    const second = await a.operations.request({ title: 'Warbreaker', authors: ['Brandon Sanderson'], approved: true }, 'user:2');
    if (!first.ok || !second.ok) throw new Error('not created');
    await a.search.run('job:search-approved');
    const rows = await t.db.select().from(wantedBooks).where(eq(wantedBooks.title, 'Warbreaker'));
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(first.book.id)!.state).toBe('GRABBED');
    expect(byId.get(second.book.id)!.state).toBe('RETRY_WAIT');
    expect(qbt.controls.state.torrents.size).toBe(1);
  });
});

describe('acquisition with MyAnonamouse searched directly', () => {
  let t: TestDatabase;
  let prowlarr: ProwlarrFake;
  let qbt: QbittorrentFake;
  let mam: MamFake;

  beforeAll(async () => {
    prowlarr = await startProwlarrFake({ indexers: [{ id: 3, name: 'Public Books', privacy: 'public' }] });
    qbt = await startQbittorrentFake({ downloadMs: 60 * MIN });
    mam = await startMamFake({ mamId: DEFAULT_MAM_ID, torrents: [{ id: 4242, title: 'Elantris', authors: ['Brandon Sanderson'], filetype: 'm4b', langCode: 'ENG' }] });
  });
  afterAll(async () => {
    await Promise.all([prowlarr.close(), qbt.close(), mam.close()]);
  });
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  it('finds and grabs a MyAnonamouse torrent through its own client, its .torrent fetched by id', async () => {
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, new FakeClock(Date.now()), { mam: { fake: Object.assign(mam, { mamId: DEFAULT_MAM_ID }) } });
    const book = await approvedBook(a.operations, 'Elantris');
    const run = await a.search.run('job:search-approved');
    const [row] = await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, book.id));
    expect(run, JSON.stringify(await a.operations.history(book.id))).toMatchObject({ grabbed: 1 });
    expect(row!.state).toBe('GRABBED');
    const [d] = await t.db.select().from(downloads);
    expect(qbt.controls.state.torrents.has(d!.qbitHash)).toBe(true);
  });

  it('MAM_MIN_BUFFER_GB: a non-freeleech MyAnonamouse grab that would leave too little buffer is refused; a freeleech one is not', async () => {
    const fake = Object.assign(mam, { mamId: DEFAULT_MAM_ID });
    fake.seed({ id: 5151, title: 'Warbreaker', authors: ['Brandon Sanderson'], filetype: 'm4b', langCode: 'ENG', size: '1.2 GiB' });
    fake.seed({ id: 5152, title: 'Skyward', authors: ['Brandon Sanderson'], filetype: 'm4b', langCode: 'ENG', size: '1.2 GiB', free: true });
    // 10.5 GiB of buffer, 10 GiB required: a 1.2 GiB download would leave 9.3 GiB.
    fake.account.uploadedBytes = 20.5 * 1024 ** 3;
    fake.account.downloadedBytes = 10 * 1024 ** 3;
    const a = buildAcquisition(t.db, { prowlarr, qbittorrent: qbt }, new FakeClock(Date.now()), { mam: { fake } });
    const costly = await approvedBook(a.operations, 'Warbreaker');
    const free = await approvedBook(a.operations, 'Skyward');
    await a.search.run('job:search-approved');
    const [refused] = await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, costly.id));
    expect(refused!.state).toBe('RETRY_WAIT');
    const { failures } = await a.operations.history(costly.id);
    expect(failures[0]!.error).toMatch(/not freeleech, and the MyAnonamouse buffer \(10\.5 GiB\) would fall under MAM_MIN_BUFFER_GB \(10 GiB\)/);
    expect((await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, free.id)))[0]!.state).toBe('GRABBED');
  });
});
