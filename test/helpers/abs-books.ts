import { execFile } from 'node:child_process';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Real book folders for a real Audiobookshelf: small audio files made with ffmpeg (a few seconds of silence, with
 * tags and chapters when asked), plus an optional metadata.json — what ABS's scanner reads (shared/notes/
 * workflow-anchors.md §3.1: folder names, then tags of the first audio file, then metadata.json; later wins).
 */
export interface AbsBookLayout {
  /** The book folder under the library, e.g. `Author/Series/Book 1 - Title [B0ASIN0000] {Narrator}`. */
  relPath: string;
  audio?: {
    format: 'm4b' | 'mp3';
    /** How many files (mp3: `01 - <name>.mp3`, …); default 1. */
    files?: number;
    /** Length of each file; default 3 s. */
    seconds?: number;
    /** Chapters embedded in an m4b. */
    chapters?: number;
  };
  /** Tags written into every audio file (ffmpeg `-metadata key=value`): title, album, artist, composer, genre, date… */
  tags?: Record<string, string>;
  /** Written as the folder's metadata.json (ABS's sidecar, last in the default precedence). */
  metadata?: AbsMetadataJson;
}

/** The keys of ABS's metadata.json for a book (utils/generators/abmetadataGenerator.js). Series are "Name #Seq". */
export interface AbsMetadataJson {
  title?: string;
  subtitle?: string | null;
  authors?: string[];
  narrators?: string[];
  series?: string[];
  genres?: string[];
  tags?: string[];
  publishedYear?: string | null;
  publisher?: string | null;
  description?: string | null;
  isbn?: string | null;
  asin?: string | null;
  language?: string | null;
  explicit?: boolean;
  abridged?: boolean;
}

const run = (args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile('/usr/bin/ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args], { timeout: 30_000 }, (err, _out, stderr) =>
      err ? reject(new Error(`ffmpeg ${args.join(' ')} failed: ${stderr || err.message}`)) : resolve(),
    ),
  );

const templateCache = new Map<string, Promise<string>>();

/** One untagged file per format and length in `scratch`, made once; books get copies (distinct inodes, as ABS needs). */
function template(scratch: string, format: 'm4b' | 'mp3', seconds: number): Promise<string> {
  const file = path.join(scratch, `silence-${seconds}s.${format}`);
  let made = templateCache.get(file);
  if (!made) {
    const codec = format === 'mp3' ? ['-c:a', 'libmp3lame', '-b:a', '16k'] : ['-c:a', 'aac', '-b:a', '16k', '-f', 'mp4'];
    made = mkdir(scratch, { recursive: true }).then(async () => {
      await run(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', String(seconds), ...codec, file]);
      return file;
    });
    // A failed attempt is not cached.
    made.catch(() => templateCache.delete(file));
    templateCache.set(file, made);
  }
  return made;
}

function ffmetadata(tags: Record<string, string>, chapters: number, seconds: number): string {
  const esc = (v: string) => v.replace(/([=;#\\\n])/g, '\\$1');
  const lines = [';FFMETADATA1', ...Object.entries(tags).map(([k, v]) => `${k}=${esc(v)}`)];
  const ms = Math.floor((seconds * 1000) / Math.max(chapters, 1));
  for (let i = 0; i < chapters; i += 1) lines.push('[CHAPTER]', 'TIMEBASE=1/1000', `START=${i * ms}`, `END=${(i + 1) * ms}`, `title=Chapter ${i + 1}`);
  return `${lines.join('\n')}\n`;
}

/** Writes the book folder under `libraryFolder` (`scratch`: a private folder for templates); returns its path. */
export async function layOutBook(libraryFolder: string, book: AbsBookLayout, scratch: string): Promise<string> {
  const folder = path.join(libraryFolder, book.relPath);
  await mkdir(folder, { recursive: true });
  // metadata.json first: a scan that catches the folder half-written must not ingest tag-only data (§3.1 caveat 2).
  if (book.metadata) await writeFile(path.join(folder, 'metadata.json'), JSON.stringify(book.metadata, null, 2));
  const audio = { files: 1, seconds: 3, chapters: 0, ...book.audio, format: book.audio?.format ?? 'mp3' };
  const base = path.basename(book.relPath);
  const src = await template(scratch, audio.format, audio.seconds);
  for (let i = 0; i < audio.files; i += 1) {
    const name = audio.files === 1 ? `${base}.${audio.format}` : `${String(i + 1).padStart(2, '0')} - ${base}.${audio.format}`;
    const target = path.join(folder, name);
    const chapters = audio.format === 'm4b' ? audio.chapters : 0;
    if (!book.tags && chapters === 0) {
      await copyFile(src, target);
      continue;
    }
    const meta = path.join(path.dirname(src), `ffmeta-${process.hrtime.bigint()}.txt`);
    await writeFile(meta, ffmetadata({ ...book.tags, ...(audio.files > 1 ? { track: String(i + 1) } : {}) }, chapters, audio.seconds));
    const muxer = audio.format === 'm4b' ? ['-f', 'mp4'] : ['-id3v2_version', '3'];
    await run(['-i', src, '-f', 'ffmetadata', '-i', meta, '-map', '0', '-map_metadata', '1', '-map_chapters', '1', '-c', 'copy', ...muxer, target]);
    await rm(meta, { force: true });
  }
  return folder;
}
