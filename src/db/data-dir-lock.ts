import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Thrown when another live process already owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      `Another shelfkeeper process (pid ${ownerPid}) is already running on the data directory ${dataDir}. ` +
        'Stop it first, or give this one its own DATA_DIR (or a shared DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface LockInfo {
  pid: number;
  /** Port of the embedded PostgreSQL this process started, so CLI commands can attach to it. */
  port?: number;
  startedAt: string;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockPath(dataDir: string): string {
  return path.join(dataDir, 'shelfkeeper.lock');
}

export async function readLock(dataDir: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' && isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Takes the data directory for this process. A lock left by a dead process is taken over; a live owner is refused
 * with a clear error. `wx` makes two simultaneous starts race on the file system, not in our code.
 */
export async function acquireDataDirLock(dataDir: string): Promise<{ update(info: Partial<LockInfo>): Promise<void>; release(): Promise<void> }> {
  await mkdir(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  let info: LockInfo = { pid: process.pid, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      return {
        async update(extra) {
          info = { ...info, ...extra };
          await writeFile(file, JSON.stringify(info), { mode: 0o600 });
        },
        async release() {
          const current = await readLock(dataDir);
          if (!current || current.pid === process.pid) await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = await readLock(dataDir);
      if (owner && owner.pid !== process.pid) throw new DataDirLockedError(dataDir, owner.pid);
      await rm(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`);
}
