import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../../../src/db/embedded-postgres.js';
import { captureLogs } from '../../helpers/log-capture.js';

const logger = pino({ level: 'silent' });
const SECRET = 'ready-test-webhook-secret-0123456789';

/** A database of its own that the test can stop and start again, on the same port, under a running service. */
describe('GET /ready', () => {
  let dataDir: string;
  let server: EmbeddedPostgresHandle;
  let service: RunningService;
  const logs = captureLogs('info');

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-ready-'));
    server = await startEmbeddedPostgres({ dataDir, logger });
    const config = loadConfig({ DATABASE_URL: server.url, HTTP_PORT: '0', DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET }, { envFile: false });
    service = await startService({ config, roles: new Set(['web', 'worker']), logger: logs.logger });
  });
  afterAll(async () => {
    await service?.stop();
    await server?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const ready = async () => {
    const res = await fetch(`${service.httpUrl}/ready`);
    return { status: res.status, body: (await res.json()) as { status: string; reasons?: string[]; integrations: { name: string; state: string }[] } };
  };

  it('answers 200 while the database and the job store answer, listing integrations and why they are off', async () => {
    const { status, body } = await ready();
    expect(status).toBe(200);
    expect(body.status).toBe('ready');
    expect(body.integrations.find((i) => i.name === 'audiobookshelf')).toEqual({
      name: 'audiobookshelf',
      state: 'disabled',
      reason: 'ABS_BASE_URL not set',
    });
  });

  it('answers 503 with the reasons when the database goes away, 200 again when it is back; /health stays 200', async () => {
    const port = server.port;
    await server.stop();
    // The report is cached for 2 s: the outage shows within that.
    const downBy = Date.now() + 5_000;
    let down = await ready();
    while (down.status !== 503 && Date.now() < downBy) {
      await new Promise((r) => setTimeout(r, 250));
      down = await ready();
    }
    expect(down.status).toBe(503);
    expect(down.body.status).toBe('not_ready');
    // The cause, not the wrapper's "Failed query: SELECT 1\nparams:".
    expect(down.body.reasons).toContain(`database: connection refused at 127.0.0.1:${port}`);
    expect(down.body.reasons).toContain(`job store (postgres): connection refused at 127.0.0.1:${port}`);
    expect((await fetch(`${service.httpUrl}/health`)).status).toBe(200);
    // A webhook during the outage: 503 with Retry-After (the sender retries), not a 500.
    const hook = await fetch(`${service.httpUrl}/webhooks/qbittorrent`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-webhook-secret': SECRET },
      body: new URLSearchParams({ hash: 'a'.repeat(40), name: 'Dune' }).toString(),
    });
    expect(hook.status).toBe(503);
    expect(hook.headers.get('retry-after')).toBe('30');
    expect(((await hook.json()) as { error: { code: string } }).error.code).toBe('unavailable');
    // Some seconds of outage: each store says so once (Agenda's reconnect loop made ~20 lines a second), nothing at error level.
    await new Promise((r) => setTimeout(r, 3_000));
    const during = logs.records();
    expect(during.filter((r) => r.msg.startsWith('job store unreachable')).length).toBe(1);
    expect(during.filter((r) => r.msg.startsWith('database unreachable')).length).toBeLessThanOrEqual(1);
    expect(during.filter((r) => r.level >= 40 && /job store/.test(r.msg)).length).toBe(1);
    // (A job that was running when the server went away may fail, and says so: that is its own line.)
    expect(during.filter((r) => r.level >= 50 && r.msg !== 'job failed' && r.msg !== 'request failed')).toEqual([]);

    server = await startEmbeddedPostgres({ dataDir, port, logger });
    const deadline = Date.now() + 15_000;
    let back = await ready();
    while (back.status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      back = await ready();
    }
    expect(back.status).toBe(200);
    const deadlineLog = Date.now() + 10_000;
    while (!logs.text().includes('job store reachable again') && Date.now() < deadlineLog) await new Promise((r) => setTimeout(r, 100));
    expect(logs.records().filter((r) => r.msg.startsWith('job store reachable again')).length).toBe(1);
  });
});
