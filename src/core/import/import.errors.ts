/**
 * Why an import failed, as a stable code plus a sentence a user can act on (it goes into the notification). Paths in
 * messages are the ones the user configured (library and download roots), never secrets.
 */
export type ImportErrorCode =
  | 'no-audio'
  | 'outside-download-root'
  | 'symlink-escape'
  | 'content-missing'
  | 'target-exists'
  | 'in-progress'
  | 'disk-full'
  | 'permission-denied'
  | 'size-mismatch'
  | 'invalid-request'
  | 'io';

/** Codes worth retrying on the import retry schedule (the disk may be freed, a lock released, a mount come back). */
export const RETRYABLE_IMPORT_ERRORS: ReadonlySet<ImportErrorCode> = new Set(['in-progress', 'disk-full', 'permission-denied', 'size-mismatch', 'io', 'content-missing']);

export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly retryable: boolean;
  constructor(
    readonly code: ImportErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.retryable = RETRYABLE_IMPORT_ERRORS.has(code);
  }
}

/** Maps a Node filesystem error to an ImportError with a readable reason (`doing` says what was being done). */
export function importErrorFromFs(error: unknown, doing: string): ImportError {
  if (error instanceof ImportError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || code === 'EDQUOT') return new ImportError('disk-full', `disk full while ${doing}`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new ImportError('permission-denied', `permission denied while ${doing} (${code})`, { cause: error });
  }
  if (code === 'ENOENT') return new ImportError('content-missing', `a file vanished while ${doing}: ${detail}`, { cause: error });
  return new ImportError('io', `${doing} failed: ${detail}`, { cause: error });
}
