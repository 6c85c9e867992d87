/**
 * The marker inside a book folder (`.shelfkeeper-import.json`, a dotfile Audiobookshelf ignores): which download
 * built it and whether staging finished. It travels with the folder when staging is renamed into place, so it also
 * answers "was this download already imported here?". Read back from disk, so validated.
 */
import { open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { IMPORT_MARKER_FILE } from '../../core/import/import-plan.js';

export const markerSchema = z.object({
  version: z.literal(1),
  downloadId: z.string().min(1),
  relPath: z.string().min(1),
  state: z.enum(['staging', 'complete']),
  mode: z.enum(['hardlink', 'copy', 'move']),
  startedAt: z.string(),
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })).default([]),
  /** Sources to remove once the book is in place (IMPORT_MODE=move). */
  removeSources: z.array(z.string()).default([]),
});
export type ImportMarker = z.infer<typeof markerSchema>;

export async function readMarker(folder: string): Promise<ImportMarker | null> {
  try {
    return markerSchema.parse(JSON.parse(await readFile(path.join(folder, IMPORT_MARKER_FILE), 'utf8')));
  } catch {
    return null;
  }
}

/** Writes atomically (temporary file, fsync, rename) so a crash leaves the old marker or the new, never half. */
export async function writeMarker(folder: string, marker: ImportMarker): Promise<void> {
  await writeFileDurably(path.join(folder, IMPORT_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, true);
}

/** A new file, fsynced; `replace` writes beside it first and renames over. */
export async function writeFileDurably(file: string, data: string | Uint8Array, replace = false): Promise<void> {
  const target = replace ? `${file}.tmp` : file;
  const handle = await open(target, replace ? 'w' : 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (replace) await rename(target, file);
}
