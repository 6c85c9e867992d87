import { sql } from 'drizzle-orm';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRetentionRepository } from '../../../src/db/repositories/retention.repository.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { apiCache, failedAttempts, notifications, taskRuns, webhookEvents } from '../../../src/db/schema/index.js';
import { createCleanupJob } from '../../../src/jobs/definitions/cleanup.job.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const DAY = 86_400_000;
const NOW = new Date('2026-06-15T01:00:00Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * DAY);
const clock = { now: () => NOW };
const logger = pino({ level: 'silent' });

describe('cleanup job', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  const run = (policy: { taskRunDays: number; taskRunMinKeep: number; failedAttemptDays: number }) =>
    runJob(
      createCleanupJob({ store: createRetentionRepository(t.db), clock, policy: { ...policy, processedEventDays: 30 } }),
      {},
      { taskRuns: createTaskRunRepository(t.db), clock, logger },
    );

  async function countTaskRuns(job?: string) {
    const rows = await t.db.select({ n: sql<number>`count(*)::int` }).from(taskRuns).where(job ? sql`${taskRuns.job} = ${job}` : undefined);
    return rows[0]!.n;
  }

  it('deletes task runs past the retention but always keeps the newest TASK_MIN_KEEP', async () => {
    // 10 runs, one per day going back 100..91 days: all older than 90 days.
    await t.db.insert(taskRuns).values(Array.from({ length: 10 }, (_, i) => ({ job: 'library-sync', status: 'succeeded' as const, startedAt: daysAgo(91 + i) })));
    // 3 recent runs: never touched.
    await t.db.insert(taskRuns).values([1, 2, 3].map((d) => ({ job: 'library-sync', status: 'succeeded' as const, startedAt: daysAgo(d) })));

    const outcome = await run({ taskRunDays: 90, taskRunMinKeep: 5, failedAttemptDays: 180 });

    // Keep-newest counts every run, the cleanup's own included: it + the 3 recent ones + the newest old one survive.
    const left = await t.db.select({ startedAt: taskRuns.startedAt }).from(taskRuns).where(sql`${taskRuns.job} = 'library-sync'`).orderBy(taskRuns.startedAt);
    expect(left.map((r) => Math.round((NOW.getTime() - r.startedAt.getTime()) / DAY))).toEqual([91, 3, 2, 1]);
    expect(await countTaskRuns('cleanup')).toBe(1);
    expect(outcome.details).toMatchObject({ removed: { taskRuns: 9 } });
  });

  it('given fewer runs than TASK_MIN_KEEP, then no old run is deleted', async () => {
    await t.db.insert(taskRuns).values([200, 300, 400].map((d) => ({ job: 'x', status: 'failed' as const, startedAt: daysAgo(d) })));
    await run({ taskRunDays: 90, taskRunMinKeep: 1000, failedAttemptDays: 180 });
    expect(await countTaskRuns('x')).toBe(3);
  });

  it('deletes old non-permanent failed attempts, keeps permanent ones forever', async () => {
    await t.db.insert(failedAttempts).values([
      { stage: 'download', attempt: 1, error: 'old transient', permanent: false, createdAt: daysAgo(181) },
      { stage: 'download', attempt: 2, error: 'recent transient', permanent: false, createdAt: daysAgo(10) },
      { stage: 'download', attempt: 5, error: 'ancient permanent', permanent: true, createdAt: daysAgo(2000) },
    ]);
    await run({ taskRunDays: 90, taskRunMinKeep: 0, failedAttemptDays: 180 });
    const left = await t.db.select({ error: failedAttempts.error }).from(failedAttempts).orderBy(failedAttempts.error);
    expect(left.map((r) => r.error)).toEqual(['ancient permanent', 'recent transient']);
  });

  it('deletes expired cache rows and processed events older than 30 days, keeps the rest', async () => {
    await t.db.insert(apiCache).values([
      { service: 'googleBooks', cacheKey: 'expired', status: 200, body: {}, expiresAt: new Date(NOW.getTime() - 1000) },
      { service: 'googleBooks', cacheKey: 'fresh', status: 200, body: {}, expiresAt: new Date(NOW.getTime() + DAY) },
    ]);
    await t.db.insert(webhookEvents).values([
      { source: 'qbittorrent', deliveryKey: 'old-processed', eventType: 'finished', payload: {}, status: 'processed', receivedAt: daysAgo(31) },
      { source: 'qbittorrent', deliveryKey: 'old-pending', eventType: 'finished', payload: {}, status: 'pending', receivedAt: daysAgo(60) },
      { source: 'qbittorrent', deliveryKey: 'new-processed', eventType: 'finished', payload: {}, status: 'processed', receivedAt: daysAgo(2) },
    ]);
    await t.db.insert(notifications).values([
      { kind: 'x', payload: {}, idempotencyKey: 'sent-old', status: 'sent', createdAt: daysAgo(40) },
      { kind: 'x', payload: {}, idempotencyKey: 'pending-old', status: 'pending', createdAt: daysAgo(40) },
    ]);
    await run({ taskRunDays: 90, taskRunMinKeep: 0, failedAttemptDays: 180 });
    expect((await t.db.select({ k: apiCache.cacheKey }).from(apiCache)).map((r) => r.k)).toEqual(['fresh']);
    // An unprocessed event is never dropped, however old: it is an acknowledged delivery.
    expect((await t.db.select({ k: webhookEvents.deliveryKey }).from(webhookEvents).orderBy(webhookEvents.deliveryKey)).map((r) => r.k)).toEqual([
      'new-processed',
      'old-pending',
    ]);
    expect((await t.db.select({ k: notifications.idempotencyKey }).from(notifications)).map((r) => r.k)).toEqual(['pending-old']);
  });

  it('records its own task run with what it removed', async () => {
    await t.db.insert(apiCache).values({ service: 's', cacheKey: 'k', status: 200, body: {}, expiresAt: daysAgo(1) });
    const outcome = await run({ taskRunDays: 90, taskRunMinKeep: 0, failedAttemptDays: 180 });
    const [row] = await t.db.select().from(taskRuns).where(sql`${taskRuns.id} = ${outcome.taskRunId}`);
    expect(row).toMatchObject({ job: 'cleanup', status: 'succeeded', processed: 1, startedAt: NOW, finishedAt: NOW });
    expect(row!.details).toMatchObject({ removed: { cacheEntries: 1, taskRuns: 0 } });
  });
});
