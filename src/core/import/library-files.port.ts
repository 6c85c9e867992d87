/**
 * The filesystem side of an import (src/integrations/library-files implements it): reading a download safely and
 * building a book folder in the library without ever showing Audiobookshelf a half-written book.
 */
import type { ContentListing } from './audio-selection.js';
import type { ImportPlan } from './import-plan.js';

export type ImportMode = 'hardlink' | 'copy' | 'move';
export const IMPORT_MODES: readonly ImportMode[] = ['hardlink', 'copy', 'move'];

/** A download's files, read inside DOWNLOAD_ROOT (realpaths checked; no symlink followed out of it). */
export interface DownloadContent extends ContentListing {
  /** The real, absolute folder the listing's relPaths are relative to. */
  root: string;
}

export interface ImportResult {
  status: 'imported' | 'already-imported';
  /** Absolute path of the book folder. */
  folder: string;
  /** Relative to the library root, POSIX (what ABS reports as the item's relPath). */
  relPath: string;
  /** How each file got there: 'hardlink' (shares the seeding copy's inode), 'copy', 'move'. */
  transfers: { hardlink: number; copy: number; move: number };
  bytes: number;
  /** E.g. "hardlink impossible across filesystems: copied", "move: the torrent stops seeding". */
  notes: string[];
}

export interface RecoveryReport {
  /** Staging folders that were complete and have now been renamed into place (relPaths). */
  finished: string[];
  /** Staging folders removed (incomplete, or their book already in place). */
  cleaned: string[];
}

export interface LibraryFiles {
  /** Lists a download's content path; throws ImportError outside-download-root / symlink-escape / content-missing. */
  readContent(contentPath: string): Promise<DownloadContent>;
  /**
   * Carries out the plan: staging folder inside the library root, files transferred (hardlink, else copy; or as
   * IMPORT_MODE says), written files, a completion marker, then one rename into place. The same download imported
   * again answers 'already-imported'; an existing folder of another book throws ImportError target-exists.
   */
  importBook(content: DownloadContent, plan: ImportPlan, signal?: AbortSignal): Promise<ImportResult>;
  /** At start-up: finishes complete staging folders, removes incomplete ones. */
  recoverStaging(): Promise<RecoveryReport>;
}
