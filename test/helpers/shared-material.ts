import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * The reference material beside the repository (../shared: corpora, recorded upstream answers, the vendored ABS),
 * or SHELFKEEPER_SHARED_DIR. A clone elsewhere has none of it: tests that read it skip with a message there, and fail
 * with CI=true, where it must be present.
 */
export const SHARED_DIR = process.env.SHELFKEEPER_SHARED_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared');

export function sharedPath(relative: string): string {
  return path.join(SHARED_DIR, relative);
}

/** Whether a piece of the shared material is there; with CI=true a missing one is an error, not a skip. */
export function sharedAvailability(relative: string): { available: boolean; path: string; reason: string } {
  const full = sharedPath(relative);
  if (existsSync(full)) return { available: true, path: full, reason: '' };
  const reason = `${full} is not there (the shared reference material beside the repository); tests that read it are skipped`;
  if (process.env.CI === 'true') throw new Error(`CI=true but ${full} is missing`);
  return { available: false, path: full, reason };
}

/** describe() when the material is there, else one skipped test that says why. */
export function describeWithShared(relative: string, name: string, body: (file: string) => void): void {
  const material = sharedAvailability(relative);
  if (material.available) describe(name, () => body(material.path));
  else describe(name, () => it.skip(material.reason, () => {}));
}
