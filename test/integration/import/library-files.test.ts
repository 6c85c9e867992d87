import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importDownload, type ImportRequest } from '../../../src/core/import/import-download.js';
import { ImportError } from '../../../src/core/import/import.errors.js';
import type { ImportMode } from '../../../src/core/import/library-files.port.js';
import { createFfprobeProber, createLocalLibraryFiles, type FileOps, WORK_DIR } from '../../../src/integrations/library-files/index.js';
import { ensureFreeSpace } from '../../../src/integrations/library-files/file-transfer.js';
import { captureLogs } from '../../helpers/log-capture.js';

const run = promisify(execFile);
const REPO = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

let base: string;
let downloads: string;
let library: string;

beforeEach(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'shelfkeeper-import-'));
  downloads = path.join(base, 'downloads');
  library = path.join(base, 'library');
  await mkdir(downloads);
  await mkdir(library);
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

/** A download folder with real bytes in every file; answers its content path. */
async function makeDownload(root: string, name: string, files: Record<string, string | number>): Promise<string> {
  const dir = path.join(root, name);
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), typeof content === 'number' ? Buffer.alloc(content, rel) : content);
  }
  return dir;
}

async function treeHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  const walk = async (d: string): Promise<void> => {
    for (const e of (await readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      hash.update(path.relative(dir, p));
      if (e.isDirectory()) await walk(p);
      else hash.update(await readFile(p));
    }
  };
  await walk(dir);
  return hash.digest('hex');
}

const BOOK = { title: 'Leviathan Wakes', authors: ['James S. A. Corey'], narrators: ['Jefferson Mays'], series: [{ name: 'The Expanse', sequence: '1' }], asin: 'B0059H6MZC' };
const REL = 'James S. A. Corey/The Expanse/1 - Leviathan Wakes [B0059H6MZC]';

const files = (mode: ImportMode = 'hardlink', extra: { ops?: FileOps; libraryRoot?: string; downloadRoot?: string } = {}) =>
  createLocalLibraryFiles({ libraryRoot: extra.libraryRoot ?? library, downloadRoot: extra.downloadRoot ?? downloads, mode, ops: extra.ops });
const request = (contentPath: string, downloadId = 'a1b2c3'): ImportRequest => ({ downloadId, contentPath, book: BOOK });

const expectImportError = async (promise: Promise<unknown>, code: string) => {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  expect((error as ImportError).code).toBe(code);
  return error as ImportError;
};

const libraryEntries = async () => (await readdir(library, { recursive: true })).filter((p) => !p.startsWith(WORK_DIR)).sort();

describe('import by hardlink on one filesystem', () => {
  it('links every audio file (same inode), writes metadata.json and a marker, and leaves the torrent data untouched', async () => {
    const content = await makeDownload(downloads, 'Leviathan.Wakes.2011.MP3', {
      'CD1/01.mp3': 4096, 'CD1/02.mp3': 4096, 'CD2/01.mp3': 4096, 'cover.jpg': 512, 'RARBG.txt': 'visit our site', 'Sample/sample.mp3': 100,
    });
    const before = await treeHash(content);
    const outcome = await importDownload({ ...request(content), cover: { bytes: new Uint8Array([0xff, 0xd8, 0xff]), extension: 'jpg' } }, { files: files() });

    expect(outcome.status).toBe('imported');
    expect(outcome.relPath).toBe(REL);
    expect(outcome.transfers).toEqual({ hardlink: 4, copy: 0, move: 0 });
    const folder = path.join(library, REL);
    expect((await readdir(folder)).sort()).toEqual(['.shelfkeeper-import.json', '01 - 01.mp3', '02 - 02.mp3', '03 - 01.mp3', 'cover (download).jpg', 'cover.jpg', 'metadata.json']);
    for (const [source, target] of [['CD1/01.mp3', '01 - 01.mp3'], ['CD2/01.mp3', '03 - 01.mp3']] as const) {
      const [s, t] = await Promise.all([stat(path.join(content, source)), stat(path.join(folder, target))]);
      expect(t.ino).toBe(s.ino);
      expect(s.nlink).toBe(2);
    }
    expect(JSON.parse(await readFile(path.join(folder, 'metadata.json'), 'utf8'))).toEqual({
      title: 'Leviathan Wakes', authors: ['James S. A. Corey'], narrators: ['Jefferson Mays'], series: ['The Expanse #1'], asin: 'B0059H6MZC',
    });
    expect(await treeHash(content)).toBe(before);
    expect(await readdir(path.join(library, WORK_DIR, 'staging'))).toEqual([]);
    expect(outcome.plan.leftOut.map((f) => f.reason)).toEqual(expect.arrayContaining(['sample', expect.stringMatching(/text file/)]));
  });

  it('imports a single-file download', async () => {
    await writeFile(path.join(downloads, 'Leviathan Wakes.m4b'), Buffer.alloc(2048, 7));
    const outcome = await importDownload(request(path.join(downloads, 'Leviathan Wakes.m4b')), { files: files() });
    expect((await readdir(path.join(library, REL))).sort()).toEqual(['.shelfkeeper-import.json', 'Leviathan Wakes.m4b', 'metadata.json']);
    expect(outcome.transfers.hardlink).toBe(1);
  });
});

describe('copy across filesystems', () => {
  const shm = '/dev/shm';
  const secondFs = existsSync(shm) && os.platform() === 'linux';

  it('copies (same bytes, a new inode) when the download is on another filesystem', async () => {
    let shmDownloads: string | null = null;
    let ops: FileOps | undefined;
    let downloadRoot = downloads;
    if (secondFs && (await stat(shm)).dev !== (await stat(library)).dev) {
      shmDownloads = await mkdtemp(path.join(shm, 'shelfkeeper-dl-'));
      downloadRoot = shmDownloads;
    } else {
      // No second filesystem here: the kernel's answer to a cross-device link is raised for the link call only,
      // and the real copy path runs.
      ops = { link: async () => { throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' }); } };
    }
    try {
      const content = await makeDownload(downloadRoot, 'book', { '01 - a.flac': 3 * 2 ** 20 + 17, '02 - b.flac': 1024 });
      const before = await treeHash(content);
      const outcome = await importDownload(request(content), { files: files('hardlink', { downloadRoot, ops }) });
      expect(outcome.transfers).toEqual({ hardlink: 0, copy: 2, move: 0 });
      expect(outcome.notes.join(' ')).toMatch(/copied/);
      const copied = path.join(library, REL, '01 - a.flac');
      const [s, t] = await Promise.all([stat(path.join(content, '01 - a.flac')), stat(copied)]);
      expect(t.ino).not.toBe(s.ino);
      expect(t.size).toBe(s.size);
      expect((await readFile(copied)).equals(await readFile(path.join(content, '01 - a.flac')))).toBe(true);
      expect(await treeHash(content)).toBe(before);
    } finally {
      if (shmDownloads) await rm(shmDownloads, { recursive: true, force: true });
    }
  });

  it('IMPORT_MODE=copy copies even on one filesystem', async () => {
    const content = await makeDownload(downloads, 'book', { 'a.mp3': 1000 });
    const outcome = await importDownload(request(content), { files: files('copy') });
    expect(outcome.transfers).toEqual({ hardlink: 0, copy: 1, move: 0 });
    expect((await stat(path.join(library, REL, 'a.mp3'))).ino).not.toBe((await stat(path.join(content, 'a.mp3'))).ino);
  });

  it('IMPORT_MODE=move removes the download files once the book is in place, and warns that seeding stops', async () => {
    const content = await makeDownload(downloads, 'book', { '01.mp3': 1000, '02.mp3': 1000 });
    const logs = captureLogs();
    const lf = createLocalLibraryFiles({ libraryRoot: library, downloadRoot: downloads, mode: 'move', log: logs.logger });
    const outcome = await importDownload(request(content), { files: lf });
    expect(outcome.transfers.move).toBe(2);
    expect(outcome.notes.join(' ')).toMatch(/stops seeding/);
    expect(await readdir(content)).toEqual([]);
    expect((await readdir(path.join(library, REL))).filter((n) => n.endsWith('.mp3'))).toEqual(['01.mp3', '02.mp3']);
    expect(logs.records().some((l) => l.level === 40 && /can no longer seed/.test(l.msg))).toBe(true);
  });
});

describe('a crash between staging and rename', () => {
  const crash = async (content: string, point: string) => {
    const child = run(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/integration/import/crash-child.ts'), library, downloads, content, 'crash1', point], { cwd: REPO });
    const result = await child.then(() => 'exited', (e: { signal?: string }) => e.signal);
    expect(result).toBe('SIGKILL');
  };
  const CRASH_REL = 'Ann Author/Falls/2 - Crash Course [B000000002]';

  it('finishes on the next start when staging was complete', async () => {
    const content = await makeDownload(downloads, 'crash', { '1.mp3': 5000, '2.mp3': 5000 });
    await crash(content, 'before-rename');
    expect(await libraryEntries()).toEqual([]);
    expect(await readdir(path.join(library, WORK_DIR, 'staging'))).toEqual(['crash1']);

    const report = await files().recoverStaging();
    expect(report).toEqual({ finished: [CRASH_REL], cleaned: [] });
    expect((await readdir(path.join(library, CRASH_REL))).sort()).toEqual(['.shelfkeeper-import.json', '1.mp3', '2.mp3', 'metadata.json']);
    expect(await readdir(path.join(library, WORK_DIR, 'staging'))).toEqual([]);
    // The same completion event arriving again is now a no-op.
    const again = await importDownload({ ...request(content, 'crash1'), book: { title: 'Crash Course', authors: ['Ann Author'], series: [{ name: 'Falls', sequence: '2' }], asin: 'B000000002' } }, { files: files() });
    expect(again.status).toBe('already-imported');
  }, 60_000);

  it('cleans up on the next start when staging was not complete, leaving nothing in the library', async () => {
    const content = await makeDownload(downloads, 'crash', { '1.mp3': 5000 });
    await crash(content, 'files-placed');
    const report = await files().recoverStaging();
    expect(report).toEqual({ finished: [], cleaned: ['crash1'] });
    expect(await libraryEntries()).toEqual([]);
    expect((await stat(path.join(content, '1.mp3'))).nlink).toBe(1);
  }, 60_000);
});

describe('a crash leftover met by the same completion event again (no restart recovery ran)', () => {
  const CRASH_BOOK = { title: 'Crash Course', authors: ['Ann Author'], series: [{ name: 'Falls', sequence: '2' }], asin: 'B000000002' };
  const crash = async (content: string, point: string) => {
    await run(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/integration/import/crash-child.ts'), library, downloads, content, 'crash1', point], { cwd: REPO }).catch(() => undefined);
  };

  it('finishes a complete leftover and answers "already imported"', async () => {
    const content = await makeDownload(downloads, 'crash', { '1.mp3': 5000 });
    await crash(content, 'before-rename');
    const outcome = await importDownload({ downloadId: 'crash1', contentPath: content, book: CRASH_BOOK }, { files: files() });
    expect(outcome.status).toBe('already-imported');
    expect((await libraryEntries()).filter((p) => p.endsWith('.mp3'))).toEqual(['Ann Author/Falls/2 - Crash Course [B000000002]/1.mp3']);
  }, 60_000);

  it('removes an incomplete leftover and imports afresh', async () => {
    const content = await makeDownload(downloads, 'crash', { '1.mp3': 5000 });
    await crash(content, 'files-placed');
    const outcome = await importDownload({ downloadId: 'crash1', contentPath: content, book: CRASH_BOOK }, { files: files() });
    expect(outcome.status).toBe('imported');
    expect(outcome.transfers.hardlink).toBe(1);
    expect(await readdir(path.join(library, WORK_DIR, 'staging'))).toEqual([]);
  }, 60_000);
});

describe('one download, one import', () => {
  it('answers "already imported" to a second completion event, sequential or concurrent', async () => {
    const content = await makeDownload(downloads, 'book', { 'a.mp3': 1000 });
    const lf = files();
    const first = await importDownload(request(content), { files: lf });
    const second = await importDownload(request(content), { files: lf });
    expect([first.status, second.status]).toEqual(['imported', 'already-imported']);
    expect(second.relPath).toBe(REL);

    const other = await makeDownload(downloads, 'other', { 'b.mp3': 1000 });
    const otherRequest = { downloadId: 'ffee', contentPath: other, book: { ...BOOK, title: 'Caliban’s War' } };
    const results = await Promise.allSettled([importDownload(otherRequest, { files: lf }), importDownload(otherRequest, { files: lf })]);
    const imported = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'imported');
    expect(imported).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as ImportError).code).toBe('in-progress');
    expect((await libraryEntries()).filter((p) => p.endsWith('.mp3'))).toHaveLength(2);
  });

  it('never overwrites another book already at the path', async () => {
    const folder = path.join(library, REL);
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'mine.m4b'), 'precious');
    const content = await makeDownload(downloads, 'book', { 'a.mp3': 1000 });
    await expectImportError(importDownload(request(content), { files: files() }), 'target-exists');
    expect(await readdir(folder)).toEqual(['mine.m4b']);
    expect(await readdir(path.join(library, WORK_DIR, 'staging')).catch(() => [])).toEqual([]);
  });
});

describe('content paths from the webhook are trusted for nothing', () => {
  it('refuses a path outside DOWNLOAD_ROOT, also through ../', async () => {
    const outside = await makeDownload(base, 'elsewhere', { 'a.mp3': 10 });
    await expectImportError(importDownload(request(outside), { files: files() }), 'outside-download-root');
    await expectImportError(importDownload(request(`${downloads}/../elsewhere`), { files: files() }), 'outside-download-root');
    await expectImportError(importDownload(request('relative/path'), { files: files() }), 'invalid-request');
    await expectImportError(importDownload(request(downloads), { files: files() }), 'invalid-request');
    expect(await libraryEntries()).toEqual([]);
  });

  it('refuses a symlink leading out of DOWNLOAD_ROOT, as the content path or inside it', async () => {
    const outside = await makeDownload(base, 'elsewhere', { 'secret.mp3': 10 });
    await symlink(outside, path.join(downloads, 'link-out'));
    await expectImportError(importDownload(request(path.join(downloads, 'link-out')), { files: files() }), 'symlink-escape');

    const content = await makeDownload(downloads, 'book', { 'a.mp3': 10 });
    await symlink(path.join(outside, 'secret.mp3'), path.join(content, 'b.mp3'));
    await expectImportError(importDownload(request(content), { files: files() }), 'symlink-escape');
    expect(await libraryEntries()).toEqual([]);
  });

  it('refuses a library and download root inside one another', async () => {
    const content = await makeDownload(library, 'dl', { 'a.mp3': 10 });
    await expectImportError(importDownload(request(content), { files: files('hardlink', { downloadRoot: library }) }), 'invalid-request');
  });

  it('fails a download without audio with that reason, writing nothing', async () => {
    const content = await makeDownload(downloads, 'junk', { 'setup.exe': 10, 'readme.nfo': 'visit our site' });
    const error = await expectImportError(importDownload(request(content), { files: files() }), 'no-audio');
    expect(error.message).toMatch(/no audio .*executable/);
    expect(await libraryEntries()).toEqual([]);
  });
});

describe('failures say what went wrong', () => {
  it('refuses to copy into a library without the space for it', async () => {
    const error = await expectImportError(ensureFreeSpace(library, 10 ** 15), 'disk-full');
    expect(error.message).toMatch(/not enough free space in the library: \d+\.\d+ GiB needed, \d+\.\d+ GiB free/);
    expect(error.retryable).toBe(true);
  });

  it.skipIf(process.getuid?.() === 0)('reports a library it may not write to as permission denied, leaving nothing behind', async () => {
    const content = await makeDownload(downloads, 'book', { 'a.mp3': 100 });
    await chmod(library, 0o555);
    try {
      const error = await expectImportError(importDownload(request(content), { files: files() }), 'permission-denied');
      expect(error.message).toMatch(/permission denied while creating the staging folder \(EACCES\)/);
    } finally {
      await chmod(library, 0o755);
    }
    expect(await readdir(library)).toEqual([]);
  });
});

describe('ffprobe prober', async () => {
  const prober = await createFfprobeProber();
  const ffmpeg = '/usr/bin/ffmpeg';
  const runnable = prober !== null && existsSync(ffmpeg);

  it.skipIf(!runnable)('tells real audio from a file only named like audio, and the import leaves the fake out', async () => {
    const content = path.join(downloads, 'probed');
    await mkdir(content);
    await run(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '1', '-q:a', '9', path.join(content, '01.mp3')]);
    await writeFile(path.join(content, '02.mp3'), 'this is not audio, visit our site');
    const outcome = await importDownload(request(content), { files: files(), prober });
    expect(outcome.plan.files.filter((f) => f.role === 'audio').map((f) => f.source)).toEqual(['01.mp3']);
    expect(outcome.plan.leftOut).toEqual([{ relPath: '02.mp3', reason: 'no audio stream (probed)' }]);
  });

  it('keeps a file by its extension when the prober itself fails', async () => {
    const content = await makeDownload(downloads, 'book', { '01.mp3': 100 });
    const broken = { probe: async () => { throw new Error('ffprobe timed out after 30000 ms'); } };
    const outcome = await importDownload(request(content), { files: files(), prober: broken });
    expect(outcome.plan.files.map((f) => f.source)).toEqual(['01.mp3']);
    expect(outcome.notes[0]).toMatch(/could not probe "01.mp3" \(ffprobe timed out/);
  });

  it('is absent (null) when ffprobe is not installed', async () => {
    expect(await createFfprobeProber({ binary: path.join(base, 'no-ffprobe') })).toBeNull();
  });
});
