import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importDownload } from '../../../src/core/import/import-download.js';
import { createFfprobeProber, createLocalLibraryFiles } from '../../../src/integrations/library-files/index.js';
import { ABS_HOOK_TIMEOUT_MS, absServerAvailability, FFMPEG, startAbsServer, type RunningAbs } from '../../helpers/abs-server.js';

// What the real Audiobookshelf 2.36.0 makes of books we import (items 1-4 of #15, before confirmation and
// verification): downloads laid out the way torrents are (a release name nothing like the title, disc folders,
// misleading tags, a sample, an advert), imported by hardlink into ABS's library folder, then one library scan.
const abs = await absServerAvailability();
const run = promisify(execFile);

interface AbsItem {
  id: string;
  relPath: string;
  media: {
    metadata: {
      title: string;
      subtitle: string | null;
      authors: { name: string }[];
      narrators: string[];
      series: { name: string; sequence: string | null }[];
      asin: string | null;
      publishedYear: string | null;
      language: string | null;
      description: string | null;
    };
    audioFiles: { index: number; metadata: { filename: string } }[];
    coverPath: string | null;
  };
}

/** One second of a tone, tagged (the tags deliberately wrong, as torrents' often are). */
async function audio(file: string, format: 'mp3' | 'm4b', tags: Record<string, string> = {}) {
  await mkdir(path.dirname(file), { recursive: true });
  const codec = format === 'mp3' ? ['-c:a', 'libmp3lame', '-q:a', '9'] : ['-c:a', 'aac', '-b:a', '32k', '-f', 'mp4'];
  const meta = Object.entries(tags).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', ...codec, ...meta, file], { timeout: 30_000 });
}

describe.runIf(abs.available)('imported books as the real Audiobookshelf 2.36.0 scans them', () => {
  let server: RunningAbs;
  let downloads: string;
  const items = new Map<string, AbsItem>();

  beforeAll(async () => {
    server = await startAbsServer();
    downloads = await mkdtemp(path.join(os.tmpdir(), 'shelfkeeper-abs-downloads-'));
    const files = createLocalLibraryFiles({ libraryRoot: server.libraryFolder, downloadRoot: downloads, mode: 'hardlink' });
    const prober = await createFfprobeProber();

    // A multi-file mp3 rip in disc folders, released under a name nothing like the title, tags of another book.
    const rip = path.join(downloads, 'ZQ.2020.Retail.MP3-GRP');
    const wrongTags = { title: 'Track', album: 'Wrong Album', artist: 'Some Uploader', genre: 'Speech' };
    await audio(path.join(rip, 'CD2', '01.mp3'), 'mp3', wrongTags);
    await audio(path.join(rip, 'CD1', '02.mp3'), 'mp3', wrongTags);
    await audio(path.join(rip, 'CD1', '01.mp3'), 'mp3', wrongTags);
    await audio(path.join(rip, 'Sample', 'sample.mp3'), 'mp3');
    await writeFile(path.join(rip, 'RARBG.txt'), 'Visit our site for more!');
    await writeFile(path.join(rip, 'fake.mp3'), 'not audio at all');
    await importDownload(
      {
        downloadId: 'aaaa1111',
        contentPath: rip,
        book: {
          title: 'The Real Title',
          subtitle: 'A Subtitle',
          authors: ['Zelda Quillfeather', 'Quentin Coauthor'],
          narrators: ['Nora Narrator'],
          series: [{ name: 'The Fake Saga', sequence: '2.5' }],
          asin: 'B000IMPRT1',
          publishedYear: 2020,
          language: 'English',
          description: 'What it is about.',
        },
      },
      { files, prober },
    );

    // A single m4b, standalone, with a cover from the provider.
    const single = path.join(downloads, 'random-name-x264.m4b');
    await audio(single, 'm4b', { title: 'Something Else', artist: 'Nobody' });
    const jpeg = path.join(downloads, 'cover-src.jpg');
    await run(FFMPEG, ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'color=c=blue:s=64x64', '-frames:v', '1', jpeg]);
    await importDownload(
      { downloadId: 'bbbb2222', contentPath: single, book: { title: 'Standalone: Stories', authors: ['Ann Author'], asin: 'B000IMPRT2' }, cover: { bytes: await readFile(jpeg), extension: 'jpg' } },
      { files, prober },
    );

    await server.scan();
    const list = await server.api<{ results: { id: string }[] }>('GET', `/api/libraries/${server.libraryId}/items?limit=50`);
    for (const { id } of list.results) {
      const item = await server.api<AbsItem>('GET', `/api/items/${id}?expanded=1`);
      items.set(item.relPath, item);
    }
  }, ABS_HOOK_TIMEOUT_MS * 2);
  afterAll(async () => {
    await server?.stop();
    if (downloads) await rm(downloads, { recursive: true, force: true });
  });

  it('makes exactly one item per imported book, at the folder we built', () => {
    expect([...items.keys()].sort()).toEqual([
      'Ann Author/Standalone - Stories [B000IMPRT2]',
      'Zelda Quillfeather & Quentin Coauthor/The Fake Saga/2.5 - The Real Title [B000IMPRT1]',
    ]);
  });

  it('reads title, subtitle, authors, narrators, series and sequence, ASIN, year, language and description from our metadata.json', () => {
    const item = items.get('Zelda Quillfeather & Quentin Coauthor/The Fake Saga/2.5 - The Real Title [B000IMPRT1]')!;
    const m = item.media.metadata;
    expect({
      title: m.title, subtitle: m.subtitle, authors: m.authors.map((a) => a.name), narrators: m.narrators,
      series: m.series.map((s) => [s.name, s.sequence]), asin: m.asin, publishedYear: m.publishedYear, language: m.language, description: m.description,
    }).toEqual({
      title: 'The Real Title', subtitle: 'A Subtitle', authors: ['Zelda Quillfeather', 'Quentin Coauthor'], narrators: ['Nora Narrator'],
      series: [['The Fake Saga', '2.5']], asin: 'B000IMPRT1', publishedYear: '2020', language: 'English', description: 'What it is about.',
    });
  });

  it('plays the disc folders in disc and track order, without the sample or the fake', () => {
    const item = items.get('Zelda Quillfeather & Quentin Coauthor/The Fake Saga/2.5 - The Real Title [B000IMPRT1]')!;
    expect(item.media.audioFiles.sort((a, b) => a.index - b.index).map((f) => f.metadata.filename)).toEqual(['01 - 01.mp3', '02 - 02.mp3', '03 - 01.mp3']);
  });

  it('takes the provider cover and the standalone title, colon and all, from metadata.json', async () => {
    const item = items.get('Ann Author/Standalone - Stories [B000IMPRT2]')!;
    expect(item.media.metadata.title).toBe('Standalone: Stories');
    expect(item.media.metadata.series).toEqual([]);
    expect(item.media.coverPath).toBe(path.join(server.libraryFolder, 'Ann Author/Standalone - Stories [B000IMPRT2]/cover.jpg'));
    // hardlinked: the seeding copy and the library file are one inode
    const [a, b] = await Promise.all([
      stat(path.join(downloads, 'random-name-x264.m4b')),
      stat(path.join(server.libraryFolder, 'Ann Author/Standalone - Stories [B000IMPRT2]/random-name-x264.m4b')),
    ]);
    expect(b.ino).toBe(a.ino);
  });
});
