import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { taskRuns, webhookEvents, workerHeartbeats } from '../../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });

interface Ready {
  status: string;
  worker?: { state: string; reason?: string; live: number; lastHeartbeatAt: string | null };
  inbox?: { state: string; reason?: string; pending: number; oldestPendingAgeSeconds: number | null };
}

/** What a web-only process shows when nothing processes its events, and what a worker's start closes. */
describe('worker heartbeat, inbox lag and interrupted task runs', () => {
  let t: TestDatabase;
  const services: RunningService[] = [];
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);
  const start = async (roles: Array<'web' | 'worker'>) => {
    const config = loadConfig({ DATABASE_URL: t.url, HTTP_PORT: '0' }, { envFile: false });
    const service = await startService({ config, roles: new Set(roles), logger });
    services.push(service);
    return service;
  };
  const ready = async (service: RunningService) => (await (await fetch(`${service.httpUrl}/ready`)).json()) as Ready;

  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    for (const s of services.reverse()) await s.stop();
    await t?.close();
  });

  it('a web-only process with no worker: /ready shows no heartbeat and the inbox lag (pending count, oldest age)', async () => {
    await t.db.insert(webhookEvents).values(
      [10, 8, 7].map((m, i) => ({ source: 'qbittorrent', deliveryKey: `lag-${i}`, eventType: 'torrent-finished', payload: {}, receivedAt: minutesAgo(m) })),
    );
    const web = await start(['web']);
    const body = await ready(web);
    expect(body.worker).toMatchObject({ state: 'unhealthy', reason: 'no worker has run on this database', live: 0, lastHeartbeatAt: null });
    expect(body.inbox).toMatchObject({ state: 'unhealthy', reason: '3 events pending, the oldest for 10 min', pending: 3 });
    expect(body.inbox!.oldestPendingAgeSeconds).toBeGreaterThanOrEqual(600);
    await t.db.delete(webhookEvents);
  });

  it("a worker's start closes as interrupted only the running task runs whose process is gone", async () => {
    await t.db.insert(workerHeartbeats).values([
      { id: 'crashed', hostname: 'h', pid: 1, roles: 'worker', startedAt: minutesAgo(60), seenAt: minutesAgo(10) },
      { id: 'alive', hostname: 'h', pid: 2, roles: 'worker', startedAt: minutesAgo(30), seenAt: new Date() },
    ]);
    await t.db.insert(taskRuns).values([
      { job: 'library-sync', status: 'running', startedAt: minutesAgo(15), processId: 'crashed' },
      { job: 'inbox', status: 'running', startedAt: minutesAgo(1), processId: 'alive' },
      { job: 'cleanup', status: 'running', startedAt: minutesAgo(90), processId: null },
      { job: 'cleanup', status: 'running', startedAt: minutesAgo(5), processId: null },
      { job: 'top10', status: 'running', startedAt: minutesAgo(20), processId: 'one-shot-cli' },
    ]);
    const worker = await start(['web', 'worker']);
    const rows = await t.db.select({ job: taskRuns.job, status: taskRuns.status, processId: taskRuns.processId, startedAt: taskRuns.startedAt }).from(taskRuns);
    const byJob = (job: string, processId: string | null) => rows.filter((r) => r.job === job && r.processId === processId);
    expect(byJob('library-sync', 'crashed').map((r) => r.status)).toEqual(['interrupted']);
    // The live worker's run, a pre-process-id run younger than that worker, and a recent one-shot run are kept.
    expect(byJob('inbox', 'alive').map((r) => r.status)).toEqual(['running']);
    expect(byJob('cleanup', null).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()).map((r) => r.status)).toEqual(['interrupted', 'running']);
    expect(byJob('top10', 'one-shot-cli').map((r) => r.status)).toEqual(['running']);

    const body = await ready(worker);
    expect(body.worker).toMatchObject({ state: 'healthy', live: 2 });
    expect(body.inbox).toMatchObject({ state: 'healthy', pending: 0 });
  });
});
