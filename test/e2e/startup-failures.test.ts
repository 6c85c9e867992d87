import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/util/free-port.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { spawnService, type SpawnedProcess } from '../helpers/spawn-service.js';

const spawned: SpawnedProcess[] = [];

/** Runs `cli start` as a user does and returns its exit code, how long it took and its one `shelfkeeper:` line. */
async function startFails(env: Record<string, string>, roles = 'web,worker'): Promise<{ code: number | string; ms: number; line: string }> {
  const started = Date.now();
  const proc = spawnService(['run', '--silent', 'cli', '--', 'start', '--role', roles], { HTTP_PORT: String(await findFreePort()), ...env });
  spawned.push(proc);
  const code = await Promise.race([proc.exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 40_000))]);
  const lines = proc.output().split('\n').filter((l) => l.startsWith('shelfkeeper: '));
  return { code, ms: Date.now() - started, line: lines.join('\n') };
}

/** Start-up failures after the config is valid: each exits 1 within seconds, in one line naming the setting and the cause. */
describe('start-up failures name the setting', () => {
  let t: TestDatabase;
  let tmp: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'sk-startfail-'));
    // mkdtemp makes it 0700: as root the embedded server (running as postgres) could not reach a data dir inside.
    await chmod(tmp, 0o755);
  });
  afterAll(async () => {
    for (const p of spawned) {
      try {
        if (p.child.pid) process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await t?.close();
    await rm(tmp, { recursive: true, force: true });
  });
  const withUrl = (change: (u: URL) => void) => {
    const u = new URL(t.url);
    change(u);
    return u.toString();
  };

  it('DATABASE_URL on a closed port', async () => {
    const port = await findFreePort();
    const r = await startFails({ DATABASE_URL: `postgres://sk:secret-pw@127.0.0.1:${port}/shelfkeeper` });
    expect(r.code).toBe(1);
    expect(r.line).toBe(`shelfkeeper: DATABASE_URL: cannot use the database at 127.0.0.1:${port}/shelfkeeper: connection refused at 127.0.0.1:${port}`);
    expect(r.ms).toBeLessThan(20_000);
  }, 45_000);

  it('DATABASE_URL with a wrong password (never printed)', async () => {
    const r = await startFails({ DATABASE_URL: withUrl((u) => void (u.password = 'wrong-password-123')) });
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^shelfkeeper: DATABASE_URL: cannot use the database at 127\.0\.0\.1:\d+\/t_\w+: password authentication failed for user "\w+"$/);
    expect(r.line).not.toContain('wrong-password-123');
  }, 45_000);

  it('DATABASE_URL naming a database that does not exist', async () => {
    const r = await startFails({ DATABASE_URL: withUrl((u) => void (u.pathname = '/no_such_db')) });
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^shelfkeeper: DATABASE_URL: cannot use the database at .*\/no_such_db: database "no_such_db" does not exist$/);
  }, 45_000);

  it('MONGODB_URL unreachable', async () => {
    const port = await findFreePort();
    const r = await startFails({ DATABASE_URL: t.url, MONGODB_URL: `mongodb://127.0.0.1:${port}/shelfkeeper` });
    expect(r.code).toBe(1);
    expect(r.line).toMatch(new RegExp(`^shelfkeeper: MONGODB_URL: The job store \\(mongodb\\) is unreachable: .*127\\.0\\.0\\.1:${port}`));
    expect(r.ms).toBeLessThan(25_000);
  }, 45_000);

  it('EMBEDDED_POSTGRES_PORT already in use', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const r = await startFails({ DATA_DIR: path.join(tmp, 'port-in-use'), EMBEDDED_POSTGRES_PORT: String(port) });
      expect(r.code).toBe(1);
      expect(r.line).toMatch(new RegExp(`^shelfkeeper: EMBEDDED_POSTGRES_PORT: port ${port} is already in use \\(.*Address already in use`));
      expect(r.line.split('\n')).toHaveLength(1);
    } finally {
      await new Promise((r) => squatter.close(r));
    }
  }, 45_000);

  it.runIf(process.getuid?.() === 0)('as root, a DATA_DIR the postgres user cannot enter', async () => {
    const closed = path.join(tmp, 'closed');
    await mkdir(closed, { recursive: true });
    await chmod(closed, 0o700);
    const r = await startFails({ DATA_DIR: path.join(closed, 'data') });
    expect(r.code).toBe(1);
    expect(r.line).toMatch(/^shelfkeeper: DATA_DIR: .*\/closed\/data is not reachable by the postgres user .* cannot enter .*\/closed; allow it/);
    expect(r.ms).toBeLessThan(20_000);
  }, 45_000);

  it('DATA_DIR under /proc', async () => {
    const r = await startFails({ DATA_DIR: '/proc/shelfkeeper-data' });
    expect(r.code).toBe(1);
    expect(r.line).toBe('shelfkeeper: DATA_DIR: /proc/shelfkeeper-data is under /proc, a kernel pseudo-filesystem: choose a directory on a real disk');
    expect(r.ms).toBeLessThan(20_000);
  }, 45_000);

  it('--role bot without Discord settings refuses to start', async () => {
    const r = await startFails({ DATABASE_URL: t.url }, 'bot');
    expect(r.code).toBe(1);
    expect(r.line).toBe('shelfkeeper: --role bot cannot do anything without Discord: DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID not set');
  }, 45_000);
});
