import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort } from '../../src/util/free-port.js';

export const DEBIAN_PG_BIN = process.env.DEBIAN_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export function debianPostgresAvailable(): boolean {
  return existsSync(path.join(DEBIAN_PG_BIN, 'postgres'));
}

/**
 * Debian's PostgreSQL 15 on a private data dir and port, so the schema is proven on an older major than the embedded
 * one. initdb/postgres refuse root, so they run as the `postgres` user the Debian package creates.
 */
export async function startDebianPostgres(): Promise<{ url: string; version: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'shelfkeeper-pg15-'));
  await chmod(dir, 0o777);
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  const dataDir = path.join(dir, 'data');
  const [initCmd, initArgs] = run(path.join(DEBIAN_PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const init = spawnSync(initCmd, initArgs, { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await findFreePort();
  const [cmd, args] = run(path.join(DEBIAN_PG_BIN, 'postgres'), ['-D', dataDir, '-h', '127.0.0.1', '-p', String(port), '-k', dir]);
  const child: ChildProcess = spawn(cmd, args, { stdio: 'ignore' });
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
      await client.end();
      return {
        url,
        version: rows[0]!.server_version,
        async stop() {
          // runuser does not pass signals on to the server: ask pg_ctl for a fast shutdown instead.
          const [stopCmd, stopArgs] = run(path.join(DEBIAN_PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
          spawnSync(stopCmd, stopArgs, { stdio: 'ignore', timeout: 15_000 });
          if (child.exitCode === null) child.kill('SIGKILL');
          await rm(dir, { recursive: true, force: true });
        },
      };
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline || child.exitCode !== null) throw new Error(`PostgreSQL 15 did not start: ${String(error)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
