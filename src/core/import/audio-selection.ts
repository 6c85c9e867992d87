/**
 * Which files of a finished download make the book: the audio in disc and track order, a cover, cue sheets; every
 * other file left out with a one-line reason (samples, executables and shortcuts, text adverts, partial files).
 * Pure: it reads a listing (content-listing from the library-files port) and, where an audio prober ran, its verdicts.
 */
import path from 'node:path/posix';
import { comparePaths, discNumber } from './natural-order.js';

/** Audiobookshelf 2.36.0's SupportedAudioTypes (server/utils/globals.js): what it will read as audio. */
export const AUDIO_EXTENSIONS: ReadonlySet<string> = new Set([
  'm4b', 'mp3', 'm4a', 'flac', 'opus', 'ogg', 'oga', 'mp4', 'aac', 'wma', 'aiff', 'aif', 'wav', 'webm', 'webma', 'mka', 'awb', 'caf', 'mpg', 'mpeg',
]);
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set(['jpg', 'jpeg', 'png', 'webp']);
const CUE_EXTENSIONS = new Set(['cue']);
const EXECUTABLE_EXTENSIONS = new Set([
  'exe', 'bat', 'cmd', 'com', 'scr', 'pif', 'msi', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'jar', 'ps1', 'sh', 'apk', 'dll', 'app', 'dmg', 'reg', 'hta', 'cpl',
]);
const SHORTCUT_EXTENSIONS = new Set(['lnk', 'url', 'webloc', 'desktop', 'website']);
const TEXT_EXTENSIONS = new Set(['nfo', 'txt', 'html', 'htm', 'rtf', 'md', 'diz', 'sfv', 'md5', 'nzb', 'torrent', 'opf', 'json', 'xml', 'log']);
const PARTIAL_EXTENSIONS = new Set(['!qb', 'part', 'tmp', 'crdownload', 'aria2', 'bc!', 'ut!']);

/** One regular file under the content path; relPath is POSIX, relative to the content path's folder. */
export interface ContentFile {
  relPath: string;
  size: number;
}

export interface ContentListing {
  /** 'file' for a single-file torrent (its one file's relPath is its name), 'directory' otherwise. */
  kind: 'file' | 'directory';
  files: ContentFile[];
}

/** What a prober (ffprobe) says of one file: has it an audio stream? */
export interface ProbeVerdict {
  audio: boolean;
  durationSeconds?: number | null;
  codec?: string | null;
}

export interface AudioTrack extends ContentFile {
  /** 1-based position in the book. */
  index: number;
  /** From a "CD1"/"Disc 2"/"Part 3" folder, when the file is in one. */
  disc: number | null;
  durationSeconds: number | null;
}

export interface LeftOutFile {
  relPath: string;
  reason: string;
}

export interface AudioSelection {
  audio: AudioTrack[];
  /** The image to use as the cover (cover/folder/front names first, then the biggest near the top), if any. */
  cover: ContentFile | null;
  /** Other images kept beside the audio (booklet scans …). */
  images: ContentFile[];
  cueSheets: ContentFile[];
  leftOut: LeftOutFile[];
}

export class NoAudioError extends Error {
  override readonly name = 'NoAudioError';
  readonly code = 'import.no-audio';
  constructor(readonly leftOut: readonly LeftOutFile[]) {
    super(
      leftOut.length === 0
        ? 'the download holds no files'
        : `the download holds no audio (${leftOut.length} file(s) left out: ${summarise(leftOut)})`,
    );
  }
}

function summarise(leftOut: readonly LeftOutFile[]): string {
  const counts = new Map<string, number>();
  for (const f of leftOut) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return [...counts].map(([reason, n]) => `${n} ${reason}`).join('; ');
}

export const extensionOf = (relPath: string) => path.extname(relPath).slice(1).toLowerCase();

const SAMPLE = /(^|[^a-z])samples?($|[^a-z])/i;
const PREFERRED_COVER = /^(cover|folder|front|poster)\b/i;

/** Why a file is left out, or null when it is a candidate (audio, image, cue). */
function exclusion(file: ContentFile, kind: ContentListing['kind']): string | null {
  const parts = file.relPath.split('/');
  const name = parts.at(-1)!;
  const ext = extensionOf(name);
  if (parts.some((p) => p.startsWith('.')) || name.toLowerCase() === 'thumbs.db' || name.toLowerCase() === 'desktop.ini') return 'hidden or system file';
  if (PARTIAL_EXTENSIONS.has(ext)) return 'incomplete download file';
  if (EXECUTABLE_EXTENSIONS.has(ext)) return 'executable (never imported)';
  if (SHORTCUT_EXTENSIONS.has(ext)) return 'shortcut or link (never imported)';
  if (TEXT_EXTENSIONS.has(ext)) return 'text file (release notes, adverts, other tools\u2019 metadata)';
  // A single-file download is named after the book, which may well contain "sample": only sub-paths are judged.
  if (kind === 'directory' && parts.some((p) => SAMPLE.test(path.parse(p).name))) return 'sample';
  if (file.size === 0) return 'empty file';
  if (AUDIO_EXTENSIONS.has(ext) || IMAGE_EXTENSIONS.has(ext) || CUE_EXTENSIONS.has(ext)) return null;
  return `not audio, an image or a cue sheet (.${ext || 'no extension'})`;
}

function pickCover(images: ContentFile[]): ContentFile | null {
  if (images.length === 0) return null;
  const depth = (f: ContentFile) => f.relPath.split('/').length;
  return [...images].sort((a, b) => {
    const pa = PREFERRED_COVER.test(path.basename(a.relPath)) ? 0 : 1;
    const pb = PREFERRED_COVER.test(path.basename(b.relPath)) ? 0 : 1;
    return pa - pb || depth(a) - depth(b) || b.size - a.size || comparePaths(a.relPath, b.relPath);
  })[0]!;
}

/**
 * Selects the book's files. `probes` holds a prober's verdicts by relPath (absent when no prober ran): a file with an
 * audio extension that the prober says has no audio stream is left out. Throws NoAudioError when no audio is left.
 */
export function selectAudio(listing: ContentListing, probes?: ReadonlyMap<string, ProbeVerdict>): AudioSelection {
  const leftOut: LeftOutFile[] = [];
  const audio: ContentFile[] = [];
  const images: ContentFile[] = [];
  const cueSheets: ContentFile[] = [];
  for (const file of listing.files) {
    const reason = exclusion(file, listing.kind);
    if (reason !== null) {
      leftOut.push({ relPath: file.relPath, reason });
      continue;
    }
    const ext = extensionOf(file.relPath);
    if (AUDIO_EXTENSIONS.has(ext)) {
      if (probes?.get(file.relPath)?.audio === false) leftOut.push({ relPath: file.relPath, reason: 'no audio stream (probed)' });
      else audio.push(file);
    } else if (IMAGE_EXTENSIONS.has(ext)) images.push(file);
    else cueSheets.push(file);
  }
  if (audio.length === 0) throw new NoAudioError(leftOut);

  audio.sort((a, b) => comparePaths(a.relPath, b.relPath));
  const tracks = audio.map((file, i) => {
    const folders = file.relPath.split('/').slice(0, -1);
    const disc = folders.map(discNumber).findLast((n) => n !== null) ?? null;
    return { ...file, index: i + 1, disc, durationSeconds: probes?.get(file.relPath)?.durationSeconds ?? null };
  });
  const cover = pickCover(images);
  const byPath = (a: ContentFile, b: ContentFile) => comparePaths(a.relPath, b.relPath);
  return {
    audio: tracks,
    cover,
    images: images.filter((f) => f !== cover).sort(byPath),
    cueSheets: cueSheets.sort(byPath),
    leftOut: leftOut.sort((a, b) => comparePaths(a.relPath, b.relPath)),
  };
}
