import { sql } from 'drizzle-orm';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { createBatchingInboxReceiver } from '../src/db/repositories/inbox-batching.js';
import { webhookEvents } from '../src/db/schema/index.js';
import { createApp } from '../src/webhooks/app.js';
import { webhooksRouter } from '../src/webhooks/webhooks.router.js';
import { listen } from '../test/helpers/http-app.js';
import { benchDatabase } from './support/bench-database.js';
import { percentile } from './support/percentile.js';
import type { BenchRow } from './types.js';

const EVENTS = 5_000;
const CONCURRENCY = 16;
const WARM_UP = 500;
const SECRET = 'bench-webhook-secret-0123456789';

/**
 * qBittorrent completion webhooks on loopback: distinct torrents, form-encoded like the documented curl hook, each one
 * stored in the inbox before its 202. The load comes from a worker thread; all share the machine's 2 cores.
 */
export async function run(): Promise<BenchRow[]> {
  const database = await benchDatabase();
  const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });
  const app = createApp({
    logger: pino({ level: 'silent' }),
    status,
    routers: [webhooksRouter({ secret: SECRET, inbox: createBatchingInboxReceiver(database.db), onStored: () => {}, ratePerMinute: 1_000_000 })],
  });
  const server = await listen(app);
  const load = (events: number, offset: number) =>
    new Promise<{ latencies: number[]; failures: number; seconds: number }>((resolve, reject) => {
      const worker = new Worker(new URL('./support/webhook-load.worker.mjs', import.meta.url), {
        workerData: { url: server.url, secret: SECRET, events, concurrency: CONCURRENCY, offset },
      });
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  let measured: { latencies: number[]; failures: number; seconds: number };
  let row: { n: number } | undefined;
  try {
    await load(WARM_UP, EVENTS); // JIT and pool connections; not measured
    measured = await load(EVENTS, 0);
    [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents);
  } finally {
    // Also on failure: the embedded server runs detached and would outlive this process.
    await server.close();
    await database.dispose();
  }
  const { latencies, failures, seconds } = measured;
  latencies.sort((a, b) => a - b);
  const perSecond = EVENTS / seconds;
  const p99 = percentile(latencies, 99);
  return [
    { name: 'webhooks: accepted events/s (16 concurrent)', value: Math.round(perSecond), unit: 'events/s', target: '>= 1000', pass: perSecond >= 1000 && failures === 0 },
    { name: 'webhooks: latency p50', value: percentile(latencies, 50), unit: 'ms' },
    { name: 'webhooks: latency p99', value: p99, unit: 'ms', target: '<= 50', pass: p99 <= 50 },
    { name: 'webhooks: events persisted / accepted', value: row!.n - WARM_UP, unit: `of ${EVENTS}`, target: `= ${EVENTS}`, pass: row!.n - WARM_UP === EVENTS },
  ];
}
