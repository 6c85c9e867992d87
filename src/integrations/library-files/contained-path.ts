import { realpath } from 'node:fs/promises';
import path from 'node:path';

/** True when `child` is `parent` or lies below it (both absolute and normalised). */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The real path of a root folder, resolved once (symlinks in the configured path itself are the user's choice). */
export function memoRealpath(configured: string): () => Promise<string> {
  let cached: Promise<string> | undefined;
  return () => (cached ??= realpath(path.resolve(configured)).catch((error: unknown) => {
    cached = undefined;
    throw error;
  }));
}
