/**
 * Reads a download's content path as the completion hook reported it. The path arrives in a webhook, so it is
 * trusted for nothing: its real path must lie inside DOWNLOAD_ROOT, and a symlink anywhere under it that resolves
 * outside refuses the whole import (qBittorrent never writes symlinks, so one pointing out is tampering).
 */
import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ContentFile } from '../../core/import/audio-selection.js';
import { ImportError, importErrorFromFs } from '../../core/import/import.errors.js';
import type { DownloadContent } from '../../core/import/library-files.port.js';
import { isInside } from './contained-path.js';

const MAX_FILES = 20_000;

/** The real path of `absolute` if it lies inside `realRoot`; throws ImportError otherwise. */
export async function realPathInside(realRoot: string, absolute: string, what: string): Promise<string> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    throw importErrorFromFs(error, `reading ${what}`);
  }
  if (!isInside(realRoot, real)) {
    const code = real === path.resolve(absolute) ? 'outside-download-root' : 'symlink-escape';
    throw new ImportError(code, code === 'outside-download-root'
      ? `refused: ${what} is outside DOWNLOAD_ROOT`
      : `refused: ${what} is a symlink leading outside DOWNLOAD_ROOT`);
  }
  return real;
}

/** DOWNLOAD_ROOT as configured (resolved) and its real path (they differ when the configured path is a symlink). */
export interface DownloadRoots {
  configured: string;
  real: string;
}

export async function readDownloadContent(roots: DownloadRoots, contentPath: string): Promise<DownloadContent> {
  const realDownloadRoot = roots.real;
  if (typeof contentPath !== 'string' || contentPath === '' || !path.isAbsolute(contentPath) || contentPath.includes('\0')) {
    throw new ImportError('invalid-request', 'the content path must be an absolute path');
  }
  // The lexical check first: "../" tricks are refused before anything is touched.
  const lexical = path.resolve(contentPath);
  if (!isInside(roots.configured, lexical) && !isInside(roots.real, lexical)) {
    throw new ImportError('outside-download-root', 'refused: the content path is outside DOWNLOAD_ROOT');
  }
  const real = await realPathInside(realDownloadRoot, lexical, 'the content path');
  if (real === realDownloadRoot) throw new ImportError('invalid-request', 'the content path is DOWNLOAD_ROOT itself, not one download');
  const top = await stat(real).catch((error: unknown) => { throw importErrorFromFs(error, 'reading the content path'); });
  if (top.isFile()) {
    return { kind: 'file', root: path.dirname(real), files: [{ relPath: path.basename(real), size: top.size }] };
  }
  if (!top.isDirectory()) throw new ImportError('invalid-request', 'the content path is neither a file nor a folder');

  const files: ContentFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw importErrorFromFs(error, 'listing the download');
    }
    for (const entry of entries) {
      const abs = path.join(dir, entry.name);
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink()) {
        const target = await realPathInside(realDownloadRoot, abs, `"${relPath}"`);
        const info = await stat(target);
        // Symlinked folders are not walked (loops); a symlinked file inside the root is imported from its target.
        if (info.isFile()) files.push({ relPath, size: info.size });
      } else if (entry.isDirectory()) {
        await walk(abs, relPath);
      } else if (entry.isFile()) {
        files.push({ relPath, size: (await lstat(abs)).size });
      }
      if (files.length > MAX_FILES) throw new ImportError('invalid-request', `the download holds more than ${MAX_FILES} files`);
    }
  };
  await walk(real, '');
  return { kind: 'directory', root: real, files };
}
