/**
 * Files one finished download into the library as one book: read the content path, probe where a prober is wired,
 * select the audio, lay out the folder, plan, transfer. What the acquisition state machine calls on "download
 * complete"; ABS confirmation and verification follow on the result.
 */
import type { Log } from '../logger.port.js';
import type { AudioProber } from './audio-prober.port.js';
import { AUDIO_EXTENSIONS, extensionOf, NoAudioError, selectAudio, type ProbeVerdict } from './audio-selection.js';
import { parseImportBook, type ImportBookInput } from './import-book.js';
import { ImportError } from './import.errors.js';
import { planImport, type CoverImage, type ImportPlan } from './import-plan.js';
import { libraryPathFor } from './library-path.js';
import type { ImportResult, LibraryFiles } from './library-files.port.js';
import type { PathTemplate } from './path-template.js';

export interface ImportRequest {
  downloadId: string;
  /** As the completion hook reported it; checked against DOWNLOAD_ROOT by LibraryFiles. */
  contentPath: string;
  book: ImportBookInput;
  cover?: CoverImage | null;
}

export interface ImportDeps {
  files: LibraryFiles;
  prober?: AudioProber | null;
  template?: PathTemplate;
  log?: Log;
}

export interface ImportOutcome extends ImportResult {
  plan: ImportPlan;
}

export async function importDownload(request: ImportRequest, deps: ImportDeps, signal?: AbortSignal): Promise<ImportOutcome> {
  let book;
  try {
    book = parseImportBook(request.book);
  } catch (error) {
    throw new ImportError('invalid-request', `the book to import is incomplete: ${(error as Error).message}`, { cause: error });
  }
  const content = await deps.files.readContent(request.contentPath);
  const probes = new Map<string, ProbeVerdict>();
  const probeNotes: string[] = [];
  if (deps.prober) {
    for (const file of content.files) {
      if (!AUDIO_EXTENSIONS.has(extensionOf(file.relPath))) continue;
      signal?.throwIfAborted();
      try {
        probes.set(file.relPath, await deps.prober.probe(`${content.root}/${file.relPath}`, signal));
      } catch (error) {
        if ((error as Error).name === 'AbortError') throw error;
        // The prober failing (timeout, crash) says nothing about the file: it is judged by its extension.
        probeNotes.push(`could not probe "${file.relPath}" (${(error as Error).message}); kept by its extension`);
      }
    }
    if (probeNotes.length > 0) deps.log?.warn({ downloadId: request.downloadId, problems: probeNotes }, 'audio probing failed for some files');
  }
  let selection;
  try {
    selection = selectAudio(content, deps.prober ? probes : undefined);
  } catch (error) {
    if (error instanceof NoAudioError) throw new ImportError('no-audio', error.message, { cause: error });
    throw error;
  }
  const library = libraryPathFor(book, deps.template);
  const plan = planImport({ downloadId: request.downloadId, book, library, selection, cover: request.cover });
  const result = await deps.files.importBook(content, plan, signal);
  deps.log?.info(
    { downloadId: request.downloadId, relPath: result.relPath, status: result.status, files: plan.files.length, leftOut: plan.leftOut.length, ...result.transfers },
    `import ${result.status}: ${result.relPath}`,
  );
  return { ...result, notes: [...probeNotes, ...result.notes], plan };
}
