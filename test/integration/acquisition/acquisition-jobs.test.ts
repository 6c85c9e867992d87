import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRegistry } from '../../../src/app/job-definitions.js';
import { buildServices } from '../../../src/app/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createWantedOperations } from '../../../src/core/acquisition/wanted-operations.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { wantedBooks } from '../../../src/db/schema/index.js';
import type { EnqueueJob } from '../../../src/jobs/job-queue.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeClock } from '../../unit/http/fake-clock.js';

const logger = pino({ level: 'silent' });

describe('the acquisition jobs as the service registers them', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  it('retry-due moves due RETRY_WAIT books back to their stage and released UPCOMING books to approval, and wakes the search', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 12, 0, 0));
    const services = buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger, clock });
    const queued: Array<[string, unknown, unknown]> = [];
    const enqueue = (async (name, data, options) => void queued.push([name, data, options])) as EnqueueJob;
    const registry = buildJobRegistry(services, { enqueue });
    const ops = createWantedOperations({ store: services.repositories.wanted, clock, random: () => 0.5 });

    const failing = await ops.request({ title: 'Elantris', authors: ['Brandon Sanderson'], approved: true }, 'user:1');
    const later = await ops.request({ title: 'Wind and Truth', authors: ['Brandon Sanderson'] }, 'user:1');
    if (!failing.ok || !later.ok) throw new Error('not created');
    await ops.advance(failing.book.id, 'search-start', 'job:search-approved');
    await ops.recordFailure(failing.book.id, { stage: 'search', errorType: 'no-acceptable-release', message: 'no results' }, 'job:search-approved');
    const upcoming = await ops.create({ source: 'SERIES_GAP', state: 'UPCOMING', title: 'Isles of the Emberdark', authors: ['Brandon Sanderson'], releaseDate: new Date(Date.UTC(2026, 11, 5)) }, 'job:find-gaps');
    if (!upcoming.ok) throw new Error(upcoming.message);

    const run = () => runJob(registry.get('retry-due')!, {}, { taskRuns: createTaskRunRepository(t.db), clock, logger });
    expect(await run()).toMatchObject({ processed: 0 });
    clock.advance(6 * 60_000);
    expect(await run()).toMatchObject({ processed: 1 });
    const state = async (id: string) => (await t.db.select({ s: wantedBooks.state }).from(wantedBooks).where(eq(wantedBooks.id, id)))[0]!.s;
    expect(await state(failing.book.id)).toBe('APPROVED');
    expect(queued).toEqual([['search-approved', {}, { dedupeKey: 'slots' }]]);
    expect(await state(upcoming.book.id)).toBe('UPCOMING');
    clock.advance(24 * 3_600_000);
    expect(await run()).toMatchObject({ processed: 1 });
    expect(await state(upcoming.book.id)).toBe('PENDING_APPROVAL');
    expect(await state(later.book.id)).toBe('PENDING_APPROVAL');
  });

  it('auto-approval per source: a discovered book of a source set to auto-download is created APPROVED, saying why', async () => {
    const clock = new FakeClock(Date.UTC(2026, 11, 4, 12, 0, 0));
    const services = buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger, clock });
    const ops = createWantedOperations({ store: services.repositories.wanted, clock, autoApprove: { SERIES_GAP: true, AUTHOR_GAP: false } });
    const gap = await ops.create({ source: 'SERIES_GAP', state: 'PENDING_APPROVAL', title: 'Bands of Mourning', authors: ['Brandon Sanderson'] }, 'job:find-gaps', 'series gap: Mistborn #6');
    const author = await ops.create({ source: 'AUTHOR_GAP', state: 'PENDING_APPROVAL', title: 'Tress of the Emerald Sea', authors: ['Brandon Sanderson'] }, 'job:find-gaps');
    const upcoming = await ops.create({ source: 'SERIES_GAP', state: 'UPCOMING', title: 'Ghostbloods', authors: ['Brandon Sanderson'], releaseDate: new Date(Date.UTC(2027, 0, 1)) }, 'job:find-gaps');
    if (!gap.ok || !author.ok || !upcoming.ok) throw new Error('not created');
    expect(gap.book).toMatchObject({ state: 'APPROVED', approvedBy: 'job:find-gaps' });
    expect((await ops.history(gap.book.id)).transitions[0]!.reason).toBe('series gap: Mistborn #6; approved automatically (SERIES_AUTO_DOWNLOAD)');
    expect(author.book.state).toBe('PENDING_APPROVAL');
    // Not before its release date: an UPCOMING book waits for its day, and is approved when it comes.
    expect(upcoming.book.state).toBe('UPCOMING');
    clock.advance(30 * 86_400_000);
    const { released } = await ops.releaseDue('job:retry-due');
    expect(released.map((m) => [m.book.id, m.book.state])).toEqual([[upcoming.book.id, 'APPROVED']]);
    expect((await ops.history(upcoming.book.id)).transitions.map((x) => x.to)).toEqual(['UPCOMING', 'PENDING_APPROVAL', 'APPROVED']);
  });

  it('search-approved and download-monitor say why they do nothing when Prowlarr/MAM and qBittorrent are not configured', async () => {
    const registry = buildJobRegistry(buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger }));
    const ctx = { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger };
    expect(await runJob(registry.get('search-approved')!, {}, ctx)).toMatchObject({ details: { skipped: 'no indexer or no qBittorrent is configured' } });
    expect(await runJob(registry.get('download-monitor')!, {}, ctx)).toMatchObject({ details: { skipped: 'qBittorrent is not configured' } });
    // The search's data is validated: a wanted-book id, nothing else.
    await expect(runJob(registry.get('search-approved')!, { wantedBookId: 'nope' }, ctx)).rejects.toThrow();
  });
});
