import { describe, expect, it } from 'vitest';
import { NoAudioError, selectAudio, type ContentListing } from '../../../src/core/import/audio-selection.js';
import { parseImportBook } from '../../../src/core/import/import-book.js';
import { planImport } from '../../../src/core/import/import-plan.js';
import { libraryPathFor } from '../../../src/core/import/library-path.js';
import { comparePaths, discNumber } from '../../../src/core/import/natural-order.js';

const dir = (...paths: string[]): ContentListing => ({ kind: 'directory', files: paths.map((relPath) => ({ relPath, size: 1000 })) });
const audioOrder = (listing: ContentListing) => selectAudio(listing).audio.map((t) => t.relPath);

describe('audio selection: order', () => {
  it('orders tracks naturally: "2 - x" before "10 - x"', () => {
    expect(audioOrder(dir('Book/10 - Ten.mp3', 'Book/2 - Two.mp3', 'Book/1 - One.mp3'))).toEqual(['Book/1 - One.mp3', 'Book/2 - Two.mp3', 'Book/10 - Ten.mp3']);
    expect(audioOrder(dir('b/Track 11.MP3', 'b/track 9.mp3', 'b/Track 010.mp3'))).toEqual(['b/track 9.mp3', 'b/Track 010.mp3', 'b/Track 11.MP3']);
  });

  it('orders disc folders by their number, whatever they are called, then tracks within each', () => {
    const order = audioOrder(dir('B/Disc 10/01.mp3', 'B/CD2/02.mp3', 'B/CD2/01.mp3', 'B/Disc 1/10.mp3', 'B/Disc 1/2.mp3', 'B/Part 3/01.mp3'));
    expect(order).toEqual(['B/Disc 1/2.mp3', 'B/Disc 1/10.mp3', 'B/CD2/01.mp3', 'B/CD2/02.mp3', 'B/Part 3/01.mp3', 'B/Disc 10/01.mp3']);
    const sel = selectAudio(dir('B/CD2/01.mp3', 'B/CD1/01.mp3'));
    expect(sel.audio.map((t) => [t.index, t.disc])).toEqual([[1, 1], [2, 2]]);
  });

  it('reads disc numbers from the usual folder names', () => {
    expect(discNumber('CD1')).toBe(1);
    expect(discNumber('cd 02')).toBe(2);
    expect(discNumber('Disc 3')).toBe(3);
    expect(discNumber('Disk_4')).toBe(4);
    expect(discNumber('Part 5 - The Return')).toBe(5);
    expect(discNumber('Chapter 5')).toBeNull();
    expect(comparePaths('a/01.mp3', 'a/CD1/01.mp3')).toBeLessThan(0);
  });

  it('takes a single-file download as it is, even with "sample" in its name', () => {
    const sel = selectAudio({ kind: 'file', files: [{ relPath: 'The Sample Problem.m4b', size: 5 }] });
    expect(sel.audio.map((t) => t.relPath)).toEqual(['The Sample Problem.m4b']);
  });
});

describe('audio selection: what is kept and what is left out', () => {
  const listing = dir(
    'Book/01.m4b',
    'Book/02.flac',
    'Book/03.opus',
    'Book/cover.jpg',
    'Book/back.jpg',
    'Book/Scans/big-front.png',
    'Book/book.cue',
    'Book/Sample/sample.mp3',
    'Book/book-sample.mp3',
    'Book/setup.exe',
    'Book/Visit our site.url',
    'Book/Readme.lnk',
    'Book/RARBG.txt',
    'Book/release.nfo',
    'Book/index.html',
    'Book/metadata.json',
    'Book/04.mp3.!qB',
    'Book/.DS_Store',
    'Book/._01.m4b',
    'Book/notes.docx',
  );
  const sel = selectAudio(listing);

  it('keeps audio, cover, images and cue sheets', () => {
    expect(sel.audio.map((t) => t.relPath)).toEqual(['Book/01.m4b', 'Book/02.flac', 'Book/03.opus']);
    expect(sel.cover?.relPath).toBe('Book/cover.jpg');
    expect(sel.images.map((f) => f.relPath)).toEqual(['Book/back.jpg', 'Book/Scans/big-front.png']);
    expect(sel.cueSheets.map((f) => f.relPath)).toEqual(['Book/book.cue']);
  });

  it('leaves out samples, executables, shortcuts, text adverts, partial and hidden files, each with a reason', () => {
    const reasons = Object.fromEntries(sel.leftOut.map((f) => [f.relPath, f.reason]));
    expect(reasons['Book/Sample/sample.mp3']).toBe('sample');
    expect(reasons['Book/book-sample.mp3']).toBe('sample');
    expect(reasons['Book/setup.exe']).toMatch(/executable/);
    expect(reasons['Book/Visit our site.url']).toMatch(/shortcut/);
    expect(reasons['Book/Readme.lnk']).toMatch(/shortcut/);
    expect(reasons['Book/RARBG.txt']).toMatch(/text file/);
    expect(reasons['Book/release.nfo']).toMatch(/text file/);
    expect(reasons['Book/index.html']).toMatch(/text file/);
    expect(reasons['Book/metadata.json']).toMatch(/text file/);
    expect(reasons['Book/04.mp3.!qB']).toMatch(/incomplete/);
    expect(reasons['Book/.DS_Store']).toMatch(/hidden/);
    expect(reasons['Book/._01.m4b']).toMatch(/hidden/);
    expect(reasons['Book/notes.docx']).toMatch(/not audio/);
    expect(sel.leftOut).toHaveLength(13);
  });

  it('prefers a cover/folder image, else the biggest image nearest the top', () => {
    expect(selectAudio(dir('B/a.mp3', 'B/x/folder.png', 'B/frontispiece.jpg')).cover?.relPath).toBe('B/x/folder.png');
    const sized: ContentListing = { kind: 'directory', files: [{ relPath: 'B/a.mp3', size: 9 }, { relPath: 'B/small.jpg', size: 1 }, { relPath: 'B/large.jpg', size: 50 }] };
    expect(selectAudio(sized).cover?.relPath).toBe('B/large.jpg');
  });

  it('drops a file named like audio that a prober finds no audio stream in', () => {
    const probes = new Map([['B/01.mp3', { audio: true, durationSeconds: 60 }], ['B/02.mp3', { audio: false }]]);
    const probed = selectAudio(dir('B/01.mp3', 'B/02.mp3'), probes);
    expect(probed.audio.map((t) => [t.relPath, t.durationSeconds])).toEqual([['B/01.mp3', 60]]);
    expect(probed.leftOut).toEqual([{ relPath: 'B/02.mp3', reason: 'no audio stream (probed)' }]);
  });

  it('fails a download without audio, saying what was there', () => {
    expect(() => selectAudio(dir('B/sample.mp3', 'B/readme.txt', 'B/x.exe'))).toThrow(NoAudioError);
    expect(() => selectAudio(dir('B/sample.mp3', 'B/readme.txt', 'B/x.exe'))).toThrow(/no audio \(3 file\(s\) left out: 1 sample; 1 text file/);
    expect(() => selectAudio(dir())).toThrow(/holds no files/);
  });
});

describe('import plan: names in the book folder', () => {
  const book = parseImportBook({ title: 'Leviathan Wakes', authors: ['James S. A. Corey'], series: [{ name: 'The Expanse', sequence: '1' }] });
  const library = libraryPathFor(book);
  const plan = (listing: ContentListing, cover?: boolean) =>
    planImport({ downloadId: 'abc', book, library, selection: selectAudio(listing), cover: cover ? { bytes: new Uint8Array([1]), extension: 'jpg' } : null });

  it('keeps names whose track numbers already give the order', () => {
    const p = plan(dir('B/01 - Start.mp3', 'B/02 - Next.mp3', 'B/10 - End.mp3', 'B/book.cue'));
    expect(p.files.map((f) => f.target)).toEqual(['01 - Start.mp3', '02 - Next.mp3', '10 - End.mp3', 'book.cue']);
    expect(p.written.map((w) => w.name)).toEqual(['metadata.json']);
  });

  it('numbers files flattened from disc folders (ABS makes every audio folder a book), in disc and track order', () => {
    const p = plan(dir('B/CD2/01.mp3', 'B/CD1/01.mp3', 'B/CD1/02.mp3', 'B/Part 3/01.mp3'));
    expect(p.files.map((f) => [f.source, f.target])).toEqual([
      ['B/CD1/01.mp3', '01 - 01.mp3'],
      ['B/CD1/02.mp3', '02 - 02.mp3'],
      ['B/CD2/01.mp3', '03 - 01.mp3'],
      ['B/Part 3/01.mp3', '04 - 01.mp3'],
    ]);
  });

  it('numbers files whose names carry no usable track order', () => {
    const p = plan(dir('B/Chapter One.mp3', 'B/Chapter Two.mp3'));
    // natural order is alphabetical here: the numbers make ABS keep exactly that order
    expect(p.files.map((f) => f.target)).toEqual(['01 - Chapter One.mp3', '02 - Chapter Two.mp3']);
  });

  it('names the download cover cover.* unless a provider cover is written, which then takes the name', () => {
    expect(plan(dir('B/a.mp3', 'B/folder.jpg')).files.find((f) => f.role === 'cover')?.target).toBe('cover.jpg');
    const withProvider = plan(dir('B/a.mp3', 'B/cover.jpg'), true);
    expect(withProvider.written.map((w) => w.name)).toEqual(['metadata.json', 'cover.jpg']);
    expect(withProvider.files.find((f) => f.role === 'cover')?.target).toBe('cover (download).jpg');
  });
});
