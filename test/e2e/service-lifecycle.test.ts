import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/util/free-port.js';
import { isAlive, spawnService, waitForHttp, type SpawnedProcess } from '../helpers/spawn-service.js';

async function postmasterPid(dataDir: string): Promise<number> {
  return Number.parseInt((await readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]!, 10);
}

/** The postmaster may take a moment after pg_ctl returns to be gone from the process table. */
async function goneWithin(pid: number, ms: number): Promise<boolean> {
  if (!(pid > 0)) throw new Error(`not a process id: ${pid}`);
  const deadline = Date.now() + ms;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

async function waitExit(proc: SpawnedProcess, ms: number): Promise<number | string | 'timeout'> {
  return Promise.race([proc.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}

describe('the service, as a user runs it', () => {
  let dataDir: string;
  const spawned: SpawnedProcess[] = [];
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-e2e-'));
  });
  afterAll(async () => {
    for (const p of spawned) {
      try {
        if (p.child.pid) process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('npm start on an empty data dir: ready within 30 s on the embedded Postgres; a second start refuses; Ctrl-C stops all within 10 s', async () => {
    const port = await findFreePort();
    const first = spawnService(['start'], { DATA_DIR: dataDir, HTTP_PORT: String(port) });
    spawned.push(first);
    await waitForHttp(`http://127.0.0.1:${port}/health`, 200, 30_000);
    await waitForHttp(`http://127.0.0.1:${port}/ready`, 200, 30_000);
    const pgPid = await postmasterPid(dataDir);
    expect(isAlive(pgPid)).toBe(true);

    const second = spawnService(['start'], { DATA_DIR: dataDir, HTTP_PORT: String(await findFreePort()) });
    spawned.push(second);
    expect(await waitExit(second, 30_000)).toBe(1);
    expect(second.output()).toMatch(/already running on the data directory/);

    // A terminal's Ctrl-C: SIGINT to the whole process group (npm, tsx and node alike).
    const stoppedAt = Date.now();
    process.kill(-first.child.pid!, 'SIGINT');
    const code = await waitExit(first, 10_000);
    expect(code).not.toBe('timeout');
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(first.output()).toContain('shelfkeeper stopped');
    expect(await goneWithin(pgPid, 2_000)).toBe(true);
  }, 90_000);

  it('cli start --role web,worker restarts on the same data dir and stops cleanly on SIGTERM', async () => {
    const port = await findFreePort();
    const proc = spawnService(['run', 'cli', '--', 'start', '--role', 'web,worker'], { DATA_DIR: dataDir, HTTP_PORT: String(port) });
    spawned.push(proc);
    await waitForHttp(`http://127.0.0.1:${port}/ready`, 200, 30_000);
    const pgPid = await postmasterPid(dataDir);
    expect(proc.output()).toContain('"roles":["web","worker"]');
    // SIGTERM to the group, as a process supervisor sends it. npm itself may exit first: watch the service's own words.
    const stoppedAt = Date.now();
    process.kill(-proc.child.pid!, 'SIGTERM');
    while (!proc.output().includes('shelfkeeper stopped') && Date.now() - stoppedAt < 10_000) await new Promise((r) => setTimeout(r, 50));
    expect(proc.output()).toContain('shelfkeeper stopped');
    expect(Date.now() - stoppedAt).toBeLessThan(10_000);
    expect(await goneWithin(pgPid, 2_000)).toBe(true);
  }, 60_000);

  it('refuses an invalid configuration with exit code 1 and every bad key, without the secret', async () => {
    const proc = spawnService(['start'], { DATA_DIR: dataDir, HTTP_PORT: 'x', API_KEY: 'short-key', TOP10_MAX_PER_GENRE: '99' });
    spawned.push(proc);
    expect(await waitExit(proc, 30_000)).toBe(1);
    const out = proc.output();
    expect(out).toContain('HTTP_PORT');
    expect(out).toContain('API_KEY');
    expect(out).toContain('TOP10_MAX_PER_GENRE');
    expect(out).not.toContain('short-key');
  }, 40_000);

  it('an unreachable job store stops start-up with a clear error and exit code 1, not an unhandled rejection', async () => {
    const closedPort = await findFreePort();
    const proc = spawnService(['run', 'cli', '--', 'start', '--role', 'worker'], {
      DATA_DIR: dataDir,
      HTTP_PORT: String(await findFreePort()),
      MONGODB_URL: `mongodb://127.0.0.1:${closedPort}/shelfkeeper`,
    });
    spawned.push(proc);
    expect(await waitExit(proc, 40_000)).toBe(1);
    expect(proc.output()).toContain('The job store (mongodb) is unreachable');
    expect(proc.output()).not.toMatch(/UnhandledPromiseRejection|unhandled rejection/i);
    // It released what it had opened: the embedded PostgreSQL is not left running (a clean stop removes its pid file).
    const leftover = await postmasterPid(dataDir).catch(() => undefined);
    if (leftover !== undefined) expect(await goneWithin(leftover, 2_000)).toBe(true);
  }, 60_000);

  it('cli jobs run cleanup runs the job once and records it; cli jobs list shows it', async () => {
    const run = spawnService(['run', '--silent', 'cli', '--', 'jobs', 'run', 'cleanup'], { DATA_DIR: dataDir });
    spawned.push(run);
    expect(await waitExit(run, 40_000)).toBe(0);
    const result = JSON.parse(run.output().trim().split('\n').pop()!) as { job: string; taskRunId: string; details: { removed: object } };
    expect(result.job).toBe('cleanup');
    expect(result.details.removed).toMatchObject({ taskRuns: 0 });
    const list = spawnService(['run', '--silent', 'cli', '--', 'jobs', 'list'], { DATA_DIR: dataDir });
    spawned.push(list);
    expect(await waitExit(list, 40_000)).toBe(0);
    expect(list.output()).toMatch(/cleanup\n[\s\S]*schedule: cron "0 1 \* \* \*" \(UTC\)[\s\S]*last run: succeeded/);
  }, 90_000);
});
