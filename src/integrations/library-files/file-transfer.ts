/**
 * One file from the download into the staging folder. Hardlink first when asked (no byte copied, the torrent keeps
 * seeding the same inode); across filesystems (EXDEV) or where links are not supported, a copy streamed by the
 * kernel (flat memory for any size), fsynced, and its size checked against the source. The source is never opened
 * for writing.
 */
import { constants } from 'node:fs';
import { copyFile as kernelCopy, link, open, stat, statfs, unlink } from 'node:fs/promises';
import { ImportError, importErrorFromFs } from '../../core/import/import.errors.js';

/** Errors after which a hardlink cannot work here but a copy can. */
const LINK_UNSUPPORTED = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EMLINK', 'ENOSYS']);

export type TransferKind = 'hardlink' | 'copy';

export interface FileOps {
  link(source: string, dest: string): Promise<void>;
}

/** The real hardlink; a test may wrap it (e.g. to raise EXDEV on one filesystem) without touching the copy path. */
export const realFileOps: FileOps = { link };

/**
 * Copies `source` into a new file `dest` (never overwriting) by the kernel (copy_file_range/sendfile through libuv,
 * a reflink where the filesystem offers one): the bytes stream inside the kernel, so memory stays flat whatever the
 * size and no userland buffer is involved. Then fsynced, and its size checked against the listing and the source.
 */
export async function copyFile(source: string, dest: string, expectedSize: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  try {
    await kernelCopy(source, dest, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
    const handle = await open(dest, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await unlink(dest).catch(() => undefined);
    throw importErrorFromFs(error, 'copying into the library');
  }
  const [copied, original] = await Promise.all([stat(dest), stat(source)]);
  if (copied.size !== expectedSize || original.size !== expectedSize) {
    await unlink(dest).catch(() => undefined);
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
