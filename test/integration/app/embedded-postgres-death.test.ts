import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { isAlive } from '../../helpers/spawn-service.js';

async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
}

async function until<T>(probe: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The service's own embedded PostgreSQL, its postmaster killed under it. */
describe('a dead embedded PostgreSQL', () => {
  let dataDir: string;
  let service: RunningService;
  const logs = captureLogs('info');
  let fatal: Error | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-pgdeath-'));
    const config = loadConfig({ DATA_DIR: dataDir, HTTP_PORT: '0' }, { envFile: false });
    service = await startService({
      config,
      roles: new Set(['web', 'worker']),
      logger: logs.logger,
      embeddedWatch: { checkEveryMs: 200, maxRestarts: 2, backoff: { baseMs: 300, maxMs: 1_000, jitter: 'none' } },
    });
    void service.failed.then((error) => (fatal = error));
  }, 90_000);
  afterAll(async () => {
    await service?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const health = async () => {
    const res = await fetch(`${service.httpUrl}/health`);
    return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
  };

  it('is noticed (/health 503 with the reason) and restarted: /health and /ready 200 again on a new postmaster', async () => {
    const first = await postmasterPid(dataDir);
    process.kill(first, 'SIGKILL');
    const failing = await until(async () => {
      const h = await health();
      return h.status === 503 ? h : undefined;
    }, 5_000, '/health 503');
    expect(failing.body.reason).toMatch(new RegExp(`embedded PostgreSQL \\(pid ${first}\\) exited`));

    await until(async () => ((await health()).status === 200 ? true : undefined), 30_000, '/health 200');
    await until(async () => ((await fetch(`${service.httpUrl}/ready`)).status === 200 ? true : undefined), 30_000, '/ready 200');
    const second = await postmasterPid(dataDir);
    expect(second).not.toBe(first);
    expect(isAlive(second)).toBe(true);
    expect(logs.text()).toContain('embedded PostgreSQL restarted');
    expect(fatal).toBeUndefined();
  }, 60_000);

  it('past its restarts (the port taken meanwhile), the service is told to exit and /health stays 503', async () => {
    const pid = await postmasterPid(dataDir);
    const port = Number((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[3]);
    process.kill(pid, 'SIGKILL');
    // Something else takes the port as soon as the postmaster is gone: every restart fails.
    const held = new Set<net.Socket>();
    const squatter = net.createServer((socket) => void held.add(socket));
    await until(
      () =>
        new Promise<true | undefined>((resolve) => {
          squatter.once('error', () => resolve(undefined));
          squatter.listen(port, '127.0.0.1', () => resolve(true));
        }),
      5_000,
      'the port',
    );
    try {
      await until(async () => fatal, 30_000, 'the fatal verdict');
      expect(fatal!.message).toMatch(/embedded PostgreSQL .* exited and was already restarted 2 times/);
      const h = await health();
      expect(h.status).toBe(503);
      expect(logs.text()).toContain('restarting the embedded PostgreSQL failed');
      // The cause is read from the server's log, not "Examine the log output".
      expect(fatal!.message).toMatch(/could not bind IPv4 address "127\.0\.0\.1": Address already in use/);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((r) => squatter.close(r));
    }
  }, 60_000);
});
