import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { startService } from '../src/app/start-service.js';
import { loadConfig } from '../src/config/load-config.js';
import { connectJobStore } from '../src/jobs/job-store.js';
import { benchDatabase } from './support/bench-database.js';
import { percentile } from './support/percentile.js';
import type { BenchRow } from './types.js';

const ROWS = 100_000;
const SECRET = 'bench-ready-webhook-secret-0123456789';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/**
 * /ready with a job table of 100,000 rows (failed one-off runs), and webhook latency while four clients poll /ready
 * every 25 ms (the issue measured 824 ms per /ready at 50,000 rows and webhook p50 going from 2 to 866 ms).
 */
export async function run(): Promise<BenchRow[]> {
  const database = await benchDatabase();
  const logger = pino({ level: 'silent' });
  const config = loadConfig({ DATABASE_URL: database.url, HTTP_PORT: '0', WEBHOOK_SECRET: SECRET }, { envFile: false });
  const service = await startService({ config, roles: new Set(['web', 'worker']), logger });
  const store = await connectJobStore({ postgresUrl: database.url, logger });
  try {
    await database.pool.query(
      `INSERT INTO agenda_jobs (name, type, last_run_at, last_finished_at, failed_at, fail_count, fail_reason, data)
       SELECT 'inbox', 'normal', now(), now(), now(), 1, 'upstream down', jsonb_build_object('n', g) FROM generate_series(1, ${ROWS}) AS g`,
    );
    await database.pool.query('ANALYZE agenda_jobs');
    const ping: number[] = [];
    const next: number[] = [];
    for (let i = 0; i < 100; i++) {
      ping.push(await timed(() => store.ping()));
      next.push(await timed(() => store.nextRuns(['inbox', 'library-sync', 'cleanup'])));
    }
    const ready: number[] = [];
    for (let i = 0; i < 250; i++) ready.push(await timed(async () => (await fetch(`${service.httpUrl}/ready`)).arrayBuffer()));
    const deliver = () =>
      timed(async () =>
        (
          await fetch(`${service.httpUrl}/webhooks/qbittorrent`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-webhook-secret': SECRET },
            body: new URLSearchParams({ hash: randomBytes(20).toString('hex'), name: 'Dune' }).toString(),
          })
        ).arrayBuffer(),
      );
    const measure = async (n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push(await deliver());
      return out.sort((a, b) => a - b);
    };
    const quiet = await measure(200);
    let stop = false;
    const poller = async () => {
      while (!stop) {
        await (await fetch(`${service.httpUrl}/ready`)).arrayBuffer();
        await new Promise((r) => setTimeout(r, 25));
      }
    };
    const pollers = [poller(), poller(), poller(), poller()];
    const busy = await measure(200);
    stop = true;
    await Promise.all(pollers);
    [ping, next, ready].forEach((list) => list.sort((a, b) => a - b));
    const readyP99 = percentile(ready, 99);
    const quietP50 = percentile(quiet, 50);
    const busyP50 = percentile(busy, 50);
    return [
      { name: 'ready: job store ping p99 (100,000 job rows)', value: percentile(ping, 99), unit: 'ms' },
      { name: 'ready: job store next runs p99 (100,000 job rows)', value: percentile(next, 99), unit: 'ms' },
      { name: 'ready: GET /ready p99 (100,000 job rows)', value: readyP99, unit: 'ms', target: '< 50', pass: readyP99 < 50 },
      { name: 'ready: webhook p50, quiet', value: quietP50, unit: 'ms' },
      { name: 'ready: webhook p50, 4 clients polling /ready', value: busyP50, unit: 'ms', target: '≈ quiet', pass: busyP50 < Math.max(quietP50 * 3, quietP50 + 15) },
    ];
  } finally {
    await store.stop(0);
    await service.stop();
    await database.dispose();
  }
}
