import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createStatusProvider } from '../../../src/app/status.js';
import { loadConfig } from '../../../src/config/load-config.js';
import type { Database } from '../../../src/db/client.js';
import { createJobRegistry } from '../../../src/jobs/job-registry.js';
import type { JobStore } from '../../../src/jobs/job-store.js';

const jobs = createJobRegistry([{ name: 'cleanup', description: 'c', data: z.object({}), run: async () => ({}) }], ['cleanup']);
const db = { execute: async () => ({ rows: [] }) } as unknown as Database;
const store = (nextRuns: JobStore['nextRuns']): JobStore => ({
  backendName: 'postgres',
  ping: async () => {},
  nextRuns,
  enqueue: async () => {},
  startProcessing: async () => {},
  stop: async () => {},
});

describe('status report', () => {
  it('given the job store fails to list its jobs, then it is reported unhealthy with the reason, not as "not scheduled"', async () => {
    const status = createStatusProvider({
      config: loadConfig({}, { envFile: false }),
      db,
      jobStore: store(async () => {
        throw new Error('cursor killed');
      }),
      jobs,
      taskRuns: { start: async () => '', finish: async () => {}, latest: async () => [] },
      health: { snapshot: () => undefined },
    });
    const report = await status();
    expect(report.jobStore).toMatchObject({ state: 'unhealthy', reason: 'listing scheduled jobs failed: cursor killed' });
    expect(report.database.state).toBe('healthy');
  });

  it('given task runs cannot be read, then the database is reported unhealthy with the reason', async () => {
    const next = new Date('2026-01-01T01:00:00Z');
    const status = createStatusProvider({
      config: loadConfig({}, { envFile: false }),
      db,
      jobStore: store(async () => new Map([['cleanup', next]])),
      jobs,
      taskRuns: {
        start: async () => '',
        finish: async () => {},
        latest: async () => {
          throw new Error('relation "task_runs" does not exist');
        },
      },
      health: { snapshot: () => undefined },
    });
    const report = await status();
    expect(report.database).toMatchObject({ state: 'unhealthy', reason: 'reading task runs failed: relation "task_runs" does not exist' });
    expect(report.jobs).toEqual([{ name: 'cleanup', nextRunAt: next }]);
  });
});
