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

  it('search-approved and download-monitor say why they do nothing when Prowlarr/MAM and qBittorrent are not configured', async () => {
    const registry = buildJobRegistry(buildServices({ config: loadConfig({}, { envFile: false }), db: t.db, logger }));
    const ctx = { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger };
    expect(await runJob(registry.get('search-approved')!, {}, ctx)).toMatchObject({ details: { skipped: 'no indexer or no qBittorrent is configured' } });
    expect(await runJob(registry.get('download-monitor')!, {}, ctx)).toMatchObject({ details: { skipped: 'qBittorrent is not configured' } });
    // The search's data is validated: a wanted-book id, nothing else.
    await expect(runJob(registry.get('search-approved')!, { wantedBookId: 'nope' }, ctx)).rejects.toThrow();
  });
});
