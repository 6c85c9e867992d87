/**
 * The import plan (pure): which download file goes where in the book folder, plus the files written new beside them
 * (metadata.json, a provider cover). Everything lands flat in one book folder, because Audiobookshelf makes every
 * folder holding audio an item of its own (only `CD1`/`Disc 2` sub-folders are absorbed), so a "Part 3" sub-folder
 * would become a second book.
 *
 * Audio keeps its own (safe) names when they sit in one folder and ABS's filename track numbers
 * (AudioFileScanner.getTrackAndDiscNumberFromFilename: the first 1-4 digit number, after removing the title and any
 * "cd N"/"disc N") already give our order; otherwise every audio file gets a `NN - ` prefix in that order.
 */
import path from 'node:path/posix';
import type { AudioSelection, AudioTrack, ContentFile, LeftOutFile } from './audio-selection.js';
import type { ImportBook } from './import-book.js';
import { buildMetadataJson, METADATA_FILE_NAME, renderMetadataJson } from './metadata-json.js';
import { safeFileName } from './name-safety.js';
import type { LibraryPath } from './library-path.js';

export const IMPORT_MARKER_FILE = '.shelfkeeper-import.json';

export interface PlannedFile {
  /** Relative to the listing's root (the download). */
  source: string;
  /** The file name in the book folder. */
  target: string;
  size: number;
  role: 'audio' | 'cover' | 'image' | 'cue';
}

export interface CoverImage {
  bytes: Uint8Array;
  /** 'jpg', 'png' or 'webp'. */
  extension: 'jpg' | 'jpeg' | 'png' | 'webp';
}

export interface ImportPlan {
  /** The download's id (its info hash): names the staging folder and the marker. */
  downloadId: string;
  library: LibraryPath;
  files: PlannedFile[];
  /** Written new into the book folder (never into the download). */
  written: { name: string; bytes: Uint8Array }[];
  leftOut: LeftOutFile[];
  notes: string[];
}

/** The track number ABS reads from a file name (its getTrackAndDiscNumberFromFilename, simplified to what we write). */
function absFilenameOrder(fileName: string, book: ImportBook): [number, number] | null {
  let base = path.basename(fileName, path.extname(fileName));
  if (book.title) base = base.replace(book.title, '');
  const series = book.series[0]?.name;
  if (series) base = base.replace(series, '');
  let disc = 0;
  const discMatch = /\b(disc|cd) ?(\d\d?)\b/i.exec(base);
  if (discMatch) {
    disc = Number(discMatch[2]);
    base = base.replace(discMatch[0], '');
  }
  const track = /\d{1,4}/.exec(base);
  return track ? [disc, Number.parseInt(track[0], 10)] : null;
}

function keepsOrder(names: string[], book: ImportBook): boolean {
  if (names.length <= 1) return true;
  const orders = names.map((n) => absFilenameOrder(n, book));
  if (orders.some((o) => o === null)) return false;
  return orders.every((o, i) => i === 0 || o![0] > orders[i - 1]![0] || (o![0] === orders[i - 1]![0] && o![1] > orders[i - 1]![1]));
}

/** Unique names in one folder (case-insensitively, for SMB shares): "x.mp3", "x (2).mp3". */
function uniqueNamer(reserved: string[]) {
  const taken = new Set(reserved.map((n) => n.toLowerCase()));
  return (name: string): string => {
    const ext = path.extname(name);
    const stem = name.slice(0, name.length - ext.length);
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = safeFileName(`${stem} (${n})${ext}`);
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}

function audioNames(audio: AudioTrack[], book: ImportBook, notes: string[]): string[] {
  const kept = audio.map((t) => safeFileName(path.basename(t.relPath)));
  const oneFolder = new Set(audio.map((t) => path.dirname(t.relPath))).size === 1;
  if (oneFolder && keepsOrder(kept, book) && new Set(kept.map((k) => k.toLowerCase())).size === kept.length) return kept;
  const width = Math.max(2, String(audio.length).length);
  notes.push(`audio files numbered ${'0'.repeat(width - 1)}1…${audio.length} so Audiobookshelf plays them in disc and track order`);
  return kept.map((name, i) => safeFileName(`${String(i + 1).padStart(width, '0')} - ${name}`));
}

export interface PlanInput {
  downloadId: string;
  book: ImportBook;
  library: LibraryPath;
  selection: AudioSelection;
  /** A provider's cover (the caller fetched it); preferred over an image in the download. */
  cover?: CoverImage | null;
}

export function planImport({ downloadId, book, library, selection, cover }: PlanInput): ImportPlan {
  const notes = [...library.notes];
  const written: ImportPlan['written'] = [];
  const metadata = buildMetadataJson(book, notes);
  written.push({ name: METADATA_FILE_NAME, bytes: new TextEncoder().encode(renderMetadataJson(metadata)) });
  if (cover) written.push({ name: `cover.${cover.extension}`, bytes: cover.bytes });

  const unique = uniqueNamer([METADATA_FILE_NAME, IMPORT_MARKER_FILE, ...written.map((w) => w.name)]);
  const files: PlannedFile[] = [];
  const names = audioNames(selection.audio, book, notes);
  selection.audio.forEach((t, i) => files.push({ source: t.relPath, target: unique(names[i]!), size: t.size, role: 'audio' }));
  if (selection.cover) {
    const ext = path.extname(selection.cover.relPath).toLowerCase();
    // Audiobookshelf prefers cover.*; a provider cover takes that name, the download's image keeps its own.
    const name = cover ? safeFileName(path.basename(selection.cover.relPath)).replace(/^cover\b/i, 'cover (download)') : `cover${ext}`;
    files.push({ source: selection.cover.relPath, target: unique(name), size: selection.cover.size, role: 'cover' });
  }
  const keep = (f: ContentFile, role: PlannedFile['role']) =>
    files.push({ source: f.relPath, target: unique(safeFileName(path.basename(f.relPath)).replace(/^cover\b/i, 'cover (download)')), size: f.size, role });
  selection.images.forEach((f) => keep(f, 'image'));
  selection.cueSheets.forEach((f) => keep(f, 'cue'));
  if (selection.cueSheets.length > 0 && files.some((f) => f.role === 'audio' && f.target !== path.basename(f.source))) {
    notes.push('audio files were renamed: the cue sheet still names the original files');
  }
  return { downloadId, library, files, written, leftOut: selection.leftOut, notes };
}
