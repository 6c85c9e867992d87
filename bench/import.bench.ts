import { copyFile, mkdir, mkdtemp, open, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { importDownload } from '../src/core/import/import-download.js';
import { createLocalLibraryFiles } from '../src/integrations/library-files/index.js';
import type { BenchRow } from './types.js';

// Importing a finished download into the library: a 2 GB, 40-file mp3 book (real, non-sparse bytes, so the copy
// reads and writes every block) under DOWNLOAD_ROOT, imported the whole way (listing, selection, plan, staging,
// metadata.json, marker, rename) by hardlink, then by copy. The copy is compared with the kernel's own copy
// (fs.copyFile, copy_file_range, fsynced) of the same files onto the same disk, and its memory is sampled every 20 ms.
// Everything lives in one temp dir, removed at the end.

const FILES = 40;
const TOTAL = 2_000_000_000; // 2 GB, 50 MB a file
const PER_FILE = TOTAL / FILES;
const MiB = 2 ** 20;

async function writeRealFile(file: string, size: number, seed: number) {
  const chunk = Buffer.alloc(8 * MiB, seed);
  const handle = await open(file, 'w');
  try {
    for (let written = 0; written < size; written += chunk.length) await handle.write(chunk, 0, Math.min(chunk.length, size - written));
  } finally {
    await handle.close();
  }
}

const book = (title: string) => ({ title, authors: ['Bench Author'], series: [{ name: 'Bench Series', sequence: '1' }], asin: 'B0BENCH001' });

export async function run(): Promise<BenchRow[]> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'shelfkeeper-import-bench-'));
  try {
    const downloads = path.join(base, 'downloads');
    const content = path.join(downloads, 'Bench.Book.MP3');
    const library = path.join(base, 'library');
    await mkdir(content, { recursive: true });
    await mkdir(library);
    for (let i = 1; i <= FILES; i++) await writeRealFile(path.join(content, `Chapter ${String(i).padStart(2, '0')}.mp3`), PER_FILE, i);

    const hardlinkFiles = createLocalLibraryFiles({ libraryRoot: library, downloadRoot: downloads, mode: 'hardlink' });
    let t = performance.now();
    const linked = await importDownload({ downloadId: 'benchlink', contentPath: content, book: book('Linked') }, { files: hardlinkFiles });
    const hardlinkMs = performance.now() - t;
    if (linked.transfers.hardlink !== FILES) throw new Error(`expected ${FILES} hardlinks, got ${JSON.stringify(linked.transfers)}`);

    // The kernel's copy of the same bytes onto the same disk, each file fsynced: the speed the disk allows here.
    // Run before and after the import's copy and the faster one kept, so writeback left by one run cannot flatter it.
    const referenceCopy = async () => {
      const reference = path.join(base, 'reference');
      await mkdir(reference);
      const start = performance.now();
      for (let i = 1; i <= FILES; i++) {
        const name = `Chapter ${String(i).padStart(2, '0')}.mp3`;
        await copyFile(path.join(content, name), path.join(reference, name));
        const handle = await open(path.join(reference, name), 'r');
        await handle.sync(); // the same durability the import gives each file
        await handle.close();
      }
      const ms = performance.now() - start;
      await rm(reference, { recursive: true, force: true });
      return ms;
    };
    const referenceBefore = await referenceCopy();

    const copyFiles = createLocalLibraryFiles({ libraryRoot: library, downloadRoot: downloads, mode: 'copy' });
    global.gc?.();
    const baseline = process.memoryUsage.rss();
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage.rss());
    }, 20);
    t = performance.now();
    const copied = await importDownload({ downloadId: 'benchcopy', contentPath: content, book: book('Copied') }, { files: copyFiles });
    const copyMs = performance.now() - t;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage.rss());
    if (copied.transfers.copy !== FILES || copied.bytes !== TOTAL) throw new Error(`expected ${FILES} copies of ${TOTAL} bytes, got ${JSON.stringify(copied.transfers)} / ${copied.bytes}`);

    const referenceMs = Math.min(referenceBefore, await referenceCopy());
    const copyMBps = TOTAL / MiB / (copyMs / 1000);
    const referenceMBps = TOTAL / MiB / (referenceMs / 1000);
    const growthMiB = (peak - baseline) / MiB;
    return [
      { name: 'import: 2 GB / 40 files by hardlink', value: hardlinkMs, unit: 'ms', target: '<= 1000', pass: hardlinkMs <= 1000 },
      { name: 'import: 2 GB / 40 files by copy', value: copyMBps, unit: 'MiB/s', target: '>= 0.7 × kernel copy', pass: copyMBps >= 0.7 * referenceMBps },
      { name: 'import: kernel copy of the same files (reference)', value: referenceMBps, unit: 'MiB/s' },
      { name: 'import: copy peak RSS', value: peak / MiB, unit: 'MiB' },
      { name: 'import: copy RSS growth over baseline', value: growthMiB, unit: 'MiB', target: '<= 64', pass: growthMiB <= 64 },
    ];
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
