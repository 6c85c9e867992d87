import pino from 'pino';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { taskRuns } from '../../../src/db/schema/index.js';
import { createJobRegistry } from '../../../src/jobs/job-registry.js';
import { connectJobStore, type JobStore } from '../../../src/jobs/job-store.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });
const MONGODB_URL = process.env.TEST_MONGODB_URL;

/**
 * The same job-store behaviour on each backend: Postgres always; MongoDB when TEST_MONGODB_URL points at one (MongoDB
 * cannot be installed on the project's machines — the suite says so instead of pretending).
 */
const backends: Array<{ name: string; mongodbUrl?: string }> = [{ name: 'postgres' }, ...(MONGODB_URL ? [{ name: 'mongodb', mongodbUrl: MONGODB_URL }] : [])];

for (const backend of backends) {
  describe(`job store on ${backend.name}`, () => {
    let t: TestDatabase;
    let store: JobStore;
    beforeEach(async () => {
      t = await createTestDatabase();
      store = await connectJobStore({ mongodbUrl: backend.mongodbUrl, postgresUrl: t.url, logger, processEvery: '200 milliseconds' });
    });
    afterEach(async () => {
      await store.stop(1_000);
      await t.close();
    });

    it('runs an enqueued job once, recorded as a task run, and schedules the repeating ones', async () => {
      const seen: unknown[] = [];
      const registry = createJobRegistry(
        [
          {
            name: 'probe',
            description: 'test',
            data: z.object({ n: z.number() }),
            run: async (ctx) => {
              seen.push(ctx.data);
              return { processed: 1 };
            },
          },
          { name: 'nightly', description: 'test', schedule: { cron: '0 1 * * *', timezone: 'UTC' }, data: z.object({}), run: async () => ({}) },
        ],
        ['probe', 'nightly'],
      );
      await store.startProcessing(registry, { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger });
      await store.enqueue('probe', { n: 7 });
      const deadline = Date.now() + 10_000;
      while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      expect(seen).toEqual([{ n: 7 }]);
      const runs = await t.db.select().from(taskRuns);
      expect(runs.map((r) => [r.job, r.status])).toEqual([['probe', 'succeeded']]);
      const next = (await store.nextRuns(['probe', 'nightly'])).get('nightly');
      expect(next?.getUTCHours()).toBe(1);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    const oneOffRows = async () =>
      backend.mongodbUrl ? undefined : (await t.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM agenda_jobs WHERE repeat_interval IS NULL`)).rows[0]!.n;

    it('a burst of wake-ups with one dedupe key waits as one job, and a finished one-off leaves no row behind', async () => {
      let runs = 0;
      const registry = createJobRegistry(
        [{ name: 'wake', description: 'test', data: z.object({}).strict(), run: async () => ((runs += 1), {}) }],
        ['wake'],
      );
      // Queued before any worker runs: 50 wake-ups, one waiting job.
      for (let i = 0; i < 50; i += 1) await store.enqueue('wake', {}, { dedupeKey: 'inbox' });
      if (!backend.mongodbUrl) expect(await oneOffRows()).toBe(1);
      await store.startProcessing(registry, { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger });
      const deadline = Date.now() + 10_000;
      while (runs === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 500));
      // The key never reaches the job's data (its schema is strict) and the job ran once.
      expect(runs).toBe(1);
      if (!backend.mongodbUrl) expect(await oneOffRows()).toBe(0);
    });

    it('stopping aborts the signal of a running job, which ends at its next checkpoint instead of holding the stop', async () => {
      let sawAbort = false;
      let started = false;
      const registry = createJobRegistry(
        [
          {
            name: 'long',
            description: 'test',
            data: z.object({}).strict(),
            run: async (ctx) => {
              started = true;
              for (let i = 0; i < 600 && !ctx.signal.aborted; i += 1) await new Promise((r) => setTimeout(r, 50));
              sawAbort = ctx.signal.aborted;
              return {};
            },
          },
        ],
        ['long'],
      );
      await store.startProcessing(registry, { taskRuns: createTaskRunRepository(t.db), clock: { now: () => new Date() }, logger });
      await store.enqueue('long', {});
      const deadline = Date.now() + 10_000;
      while (!started && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const stopping = Date.now();
      await store.stop(20_000);
      expect(sawAbort).toBe(true);
      expect(Date.now() - stopping).toBeLessThan(5_000);
      store = await connectJobStore({ mongodbUrl: backend.mongodbUrl, postgresUrl: t.url, logger, processEvery: '200 milliseconds' });
    });
  });
}

describe.skipIf(Boolean(MONGODB_URL))('job store on mongodb', () => {
  it.skip('skipped: set TEST_MONGODB_URL to run the job-store tests on MongoDB too (none can be installed here)', () => {});
});
