/**
 * One file from the download into the staging folder. Hardlink first when asked (no byte copied, the torrent keeps
 * seeding the same inode); across filesystems (EXDEV) or where links are not supported, a streamed copy: 1 MiB
 * chunks, so memory stays flat for any size, fsynced, and its size checked against the source. The source is never
 * opened for writing.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { link, open, stat, statfs, unlink } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { ImportError, importErrorFromFs } from '../../core/import/import.errors.js';

export const COPY_CHUNK_BYTES = 1 << 20;

/** Errors after which a hardlink cannot work here but a copy can. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

export type TransferKind = 'hardlink' | 'copy';

export interface FileOps {
  link(source: string, dest: string): Promise<void>;
}

/** The real hardlink; a test may wrap it (e.g. to raise EXDEV on one filesystem) without touching the copy path. */
export const realFileOps: FileOps = { link };

/** Streams `source` into a new file `dest` (never overwriting), fsyncs it and checks the size. */
export async function copyFile(source: string, dest: string, expectedSize: number, signal?: AbortSignal): Promise<void> {
  try {
    await pipeline(
      createReadStream(source, { highWaterMark: COPY_CHUNK_BYTES, signal }),
      createWriteStream(dest, { flags: 'wx', highWaterMark: COPY_CHUNK_BYTES }),
    );
    // fsync through a second descriptor: it flushes the file, whichever descriptor wrote it.
    const handle = await open(dest, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(dest).catch(() => undefined);
    if ((error as Error).name === 'AbortError') throw error;
    throw importErrorFromFs(error, 'copying into the library');
  }
  const [copied, original] = await Promise.all([stat(dest), stat(source)]);
  if (copied.size !== expectedSize || original.size !== expectedSize) {
    throw new ImportError('size-mismatch', `copy of a ${expectedSize}-byte file came out as ${copied.size} bytes (source now ${original.size})`);
  }
}

/** Hardlink, falling back to a copy where a link cannot be made; answers what happened. */
export async function linkOrCopy(
  source: string,
  dest: string,
  expectedSize: number,
  options: { preferLink: boolean; ops?: FileOps; signal?: AbortSignal; beforeCopy?: () => Promise<void> },
): Promise<TransferKind> {
  if (options.preferLink) {
    try {
      await (options.ops ?? realFileOps).link(source, dest);
      const linked = await stat(dest);
      if (linked.size !== expectedSize) throw new ImportError('size-mismatch', `the file is ${linked.size} bytes, the download listed ${expectedSize}`);
      return 'hardlink';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!code || !LINK_UNSUPPORTED.has(code)) throw importErrorFromFs(error, 'linking into the library');
    }
  }
  await options.beforeCopy?.();
  await copyFile(source, dest, expectedSize, options.signal);
  return 'copy';
}

/** Throws disk-full when the filesystem holding `folder` has less than `bytes` (+ 64 MiB headroom) free. */
export async function ensureFreeSpace(folder: string, bytes: number): Promise<void> {
  const fs = await statfs(folder);
  const free = Number(fs.bavail) * Number(fs.bsize);
  const needed = bytes + 64 * 2 ** 20;
  if (free < needed) {
    const gib = (n: number) => `${(n / 2 ** 30).toFixed(2)} GiB`;
    throw new ImportError('disk-full', `not enough free space in the library: ${gib(needed)} needed, ${gib(free)} free`);
  }
}
