/**
 * LibraryFiles on a local (or mounted) filesystem. A book is built in `<LIBRARY_ROOT>/.shelfkeeper/staging/<id>`
 * (a dot folder, which Audiobookshelf's scanner and watcher ignore, on the library's own filesystem so the final step
 * is one rename): audio hardlinked or copied, metadata.json and cover written, a marker set to "complete", then the
 * folder renamed into place. ABS never sees a half-written book; a crash leaves only staging, which recoverStaging()
 * finishes (complete) or removes (incomplete). Sources are never written; with IMPORT_MODE=move they are removed
 * only once the book is in place.
 */
import { lstat, mkdir, open, readdir, readFile, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ImportError, importErrorFromFs } from '../../core/import/import.errors.js';
import type { ImportPlan } from '../../core/import/import-plan.js';
import type { DownloadContent, ImportMode, ImportResult, LibraryFiles, RecoveryReport } from '../../core/import/library-files.port.js';
import { systemClock, type Clock } from '../../core/clock.js';
import type { Log } from '../../core/logger.port.js';
import { isInside, memoRealpath } from './contained-path.js';
import { readDownloadContent, realPathInside } from './content-reader.js';
import { ensureFreeSpace, linkOrCopy, type FileOps } from './file-transfer.js';
import { readMarker, writeFileDurably, writeMarker, type ImportMarker } from './import-marker.js';

export const WORK_DIR = '.shelfkeeper';
const DOWNLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export type ImportCheckpoint = 'files-placed' | 'before-rename';

export interface LocalLibraryFilesOptions {
  libraryRoot: string;
  downloadRoot: string;
  mode: ImportMode;
  log?: Log;
  /** The hardlink call (tests force EXDEV with it when no second filesystem exists). */
  ops?: FileOps;
  /** Called at fixed points of an import; crash tests kill the process there. */
  checkpoint?: (point: ImportCheckpoint) => void | Promise<void>;
  /** Stamps the marker's startedAt. */
  clock?: Clock;
}

const ledgerSchema = z.object({ downloadId: z.string(), relPath: z.string() });

export function createLocalLibraryFiles(options: LocalLibraryFilesOptions): LibraryFiles {
  const realLibrary = memoRealpath(options.libraryRoot);
  const realDownloads = memoRealpath(options.downloadRoot);
  const clock: Clock = options.clock ?? systemClock;

  async function roots() {
    const [library, downloads] = await Promise.all([realLibrary(), realDownloads()]).catch((error: unknown) => {
      throw importErrorFromFs(error, 'opening LIBRARY_ROOT / DOWNLOAD_ROOT');
    });
    if (isInside(library, downloads) || isInside(downloads, library)) {
      throw new ImportError('invalid-request', 'LIBRARY_ROOT and DOWNLOAD_ROOT must not contain each other (ABS would scan the downloads)');
    }
    return { library, downloads, staging: path.join(library, WORK_DIR, 'staging'), ledger: path.join(library, WORK_DIR, 'imported') };
  }

  const exists = (p: string) => lstat(p).then(() => true, () => false);

  async function recordLedger(ledgerDir: string, downloadId: string, relPath: string) {
    await mkdir(ledgerDir, { recursive: true });
    await writeFileDurably(path.join(ledgerDir, `${downloadId}.json`), JSON.stringify({ downloadId, relPath }), true);
  }

  /** Where this download was imported before, if its folder is still there and still says so. */
  async function previousImport(r: Awaited<ReturnType<typeof roots>>, downloadId: string, relPath: string): Promise<string | null> {
    const candidates = [relPath];
    try {
      const ledger = ledgerSchema.parse(JSON.parse(await readFile(path.join(r.ledger, `${downloadId}.json`), 'utf8')));
      candidates.unshift(ledger.relPath);
    } catch {
      // no ledger entry (first import, or recorded before a crash): the folder's own marker decides
    }
    for (const candidate of candidates) {
      const folder = path.join(r.library, candidate);
      if (isInside(r.library, folder) && (await readMarker(folder))?.downloadId === downloadId) return candidate;
    }
    return null;
  }

  /** mkdir of the final folder is the lock (it fails if anything is there); rename then replaces that empty folder. */
  async function placeIntoLibrary(staging: string, target: string) {
    await mkdir(path.dirname(target), { recursive: true });
    try {
      await mkdir(target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ImportError('target-exists', `a book folder already exists at ${target}`);
      throw error;
    }
    try {
      await rename(staging, target);
    } catch (error) {
      await rmdir(target).catch(() => undefined); // only ever the empty folder made above
      throw error;
    }
  }

  async function syncDir(dir: string) {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } catch {
      // some filesystems cannot fsync a directory; the marker's own fsync still orders the data
    } finally {
      await handle.close();
    }
  }

  async function removeSources(downloads: string, sources: readonly string[], log: string[]) {
    for (const source of sources) {
      if (!isInside(downloads, source)) continue;
      await unlink(source).catch((error: unknown) => log.push(`could not remove ${source}: ${(error as Error).message}`));
    }
  }

  async function importOnce(
    r: Awaited<ReturnType<typeof roots>>,
    content: DownloadContent,
    plan: ImportPlan,
    relPath: string,
    target: string,
    signal?: AbortSignal,
  ): Promise<ImportResult> {
    const transfers = { hardlink: 0, copy: 0, move: 0 };
    const notes: string[] = [];
    const staging = path.join(r.staging, plan.downloadId);
    // This instance is not importing this download (importBook holds `active`), so a staging folder for it is a
    // crash's leftover (one instance per library: the data-dir lock): finish or remove it before anything else.
    if (await exists(staging)) await recoverOne(r, plan.downloadId, { finished: [], cleaned: [] });
    const previous = await previousImport(r, plan.downloadId, relPath);
    if (previous !== null) {
      await recordLedger(r.ledger, plan.downloadId, previous);
      return { status: 'already-imported', folder: path.join(r.library, previous), relPath: previous, transfers, bytes: 0, notes: ['this download was already imported'] };
    }
    if (await exists(target)) throw new ImportError('target-exists', `a book folder already exists at ${relPath}; it is never overwritten`);

    await mkdir(r.staging, { recursive: true }).catch((error: unknown) => {
      throw importErrorFromFs(error, 'creating the staging folder');
    });
    try {
      await mkdir(staging);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new ImportError('in-progress', 'this download is being imported already');
      throw importErrorFromFs(error, 'creating the staging folder');
    }

    const marker: ImportMarker = {
      version: 1, downloadId: plan.downloadId, relPath, state: 'staging', mode: options.mode, startedAt: clock.now().toISOString(), files: [], removeSources: [],
    };
    try {
      await writeMarker(staging, marker);
      const contentRoot = await realPathInside(r.downloads, content.root, 'the download');
      const total = plan.files.reduce((n, f) => n + f.size, 0);
      if (options.mode === 'copy') await ensureFreeSpace(staging, total);
      let placedBytes = 0;
      let fallbackNoted = false;
      const sources: string[] = [];
      for (const file of plan.files) {
        signal?.throwIfAborted();
        const source = await realPathInside(r.downloads, path.join(contentRoot, file.source), `"${file.source}"`);
        const kind = await linkOrCopy(source, path.join(staging, file.target), file.size, {
          preferLink: options.mode !== 'copy',
          ops: options.ops,
          signal,
          beforeCopy: async () => {
            if (options.mode === 'copy' || fallbackNoted) return;
            fallbackNoted = true;
            notes.push('hardlink impossible (another filesystem): copied');
            await ensureFreeSpace(staging, total - placedBytes);
          },
        });
        transfers[kind]++;
        placedBytes += file.size;
        sources.push(source);
        marker.files.push({ name: file.target, size: file.size });
      }
      for (const extra of plan.written) {
        await writeFileDurably(path.join(staging, extra.name), extra.bytes);
        marker.files.push({ name: extra.name, size: extra.bytes.byteLength });
      }
      await options.checkpoint?.('files-placed');
      if (options.mode === 'move') marker.removeSources = sources;
      await writeMarker(staging, { ...marker, state: 'complete' });
      await syncDir(staging);
      await options.checkpoint?.('before-rename');
      await placeIntoLibrary(staging, target);
      await recordLedger(r.ledger, plan.downloadId, relPath);
      if (options.mode === 'move') {
        transfers.move = transfers.hardlink + transfers.copy;
        await removeSources(r.downloads, sources, notes);
        notes.push('IMPORT_MODE=move: the files left the download, so the torrent stops seeding');
        options.log?.warn({ downloadId: plan.downloadId, relPath }, 'import moved the files: the torrent can no longer seed');
      }
      return { status: 'imported', folder: target, relPath, transfers, bytes: placedBytes, notes };
    } catch (error) {
      await rm(staging, { recursive: true, force: true }).catch(() => undefined);
      if ((error as Error).name === 'AbortError') throw error;
      throw importErrorFromFs(error, 'building the book folder');
    }
  }

  /** Download ids being imported by this instance: their staging folders are never treated as leftovers. */
  const active = new Set<string>();

  /** One staging folder left by a crash: finished when complete and intact, else removed. */
  async function recoverOne(r: Awaited<ReturnType<typeof roots>>, name: string, report: RecoveryReport): Promise<void> {
    const staging = path.join(r.staging, name);
    const marker = await readMarker(staging);
    const target = marker ? path.join(r.library, marker.relPath) : null;
    const finishable =
      marker?.state === 'complete' && target !== null && isInside(r.library, target) && target !== r.library &&
      !(await exists(target)) && (await filesIntact(staging, marker));
    if (finishable) {
      try {
        await placeIntoLibrary(staging, target);
        await recordLedger(r.ledger, marker.downloadId, marker.relPath);
        const problems: string[] = [];
        await removeSources(r.downloads, marker.removeSources, problems);
        report.finished.push(marker.relPath);
        options.log?.info({ downloadId: marker.downloadId, relPath: marker.relPath, problems }, 'import finished after a restart');
        return;
      } catch (error) {
        options.log?.warn({ downloadId: marker.downloadId, err: (error as Error).message }, 'a staged import could not be finished; removed');
      }
    }
    await rm(staging, { recursive: true, force: true });
    report.cleaned.push(name);
    options.log?.info({ staging: name, state: marker?.state ?? 'no marker' }, 'removed an unfinished import from staging');
  }

  return {
    async readContent(contentPath) {
      const r = await roots();
      return readDownloadContent({ configured: path.resolve(options.downloadRoot), real: r.downloads }, contentPath);
    },

    async importBook(content: DownloadContent, plan: ImportPlan, signal?: AbortSignal): Promise<ImportResult> {
      if (!DOWNLOAD_ID.test(plan.downloadId)) throw new ImportError('invalid-request', 'the download id is not a safe name');
      const r = await roots();
      const relPath = plan.library.folders.join('/');
      const target = path.join(r.library, ...plan.library.folders);
      if (!isInside(r.library, target) || target === r.library) throw new ImportError('invalid-request', 'the book folder would lie outside LIBRARY_ROOT');
      if (active.has(plan.downloadId)) throw new ImportError('in-progress', 'this download is being imported already');
      active.add(plan.downloadId);
      try {
        return await importOnce(r, content, plan, relPath, target, signal);
      } finally {
        active.delete(plan.downloadId);
      }
    },

    async recoverStaging(): Promise<RecoveryReport> {
      const r = await roots();
      const report: RecoveryReport = { finished: [], cleaned: [] };
      const entries = await readdir(r.staging).catch(() => [] as string[]);
      // An import running in this process right now is not a leftover.
      for (const name of entries) if (!active.has(name)) await recoverOne(r, name, report);
      return report;
    },
  };
}

async function filesIntact(staging: string, marker: ImportMarker): Promise<boolean> {
  for (const file of marker.files) {
    const info = await stat(path.join(staging, file.name)).catch(() => null);
    if (!info || info.size !== file.size) return false;
  }
  return true;
}
