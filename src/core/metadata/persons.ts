import { authorsOverlap, normalizeAsin, normalizeIsbn, splitAuthors } from '../matching/index.js';
import { initialsKey } from './field-equality.js';

/** Person and identifier helpers of the decision, over the matcher's own author handling. */
export { normalizeAsin, normalizeIsbn, authorsOverlap };

/** Comparable keys of every single name in author fields ("A and B" → two names). */
export function parsePersonsList(fields: readonly string[]): string[] {
  return [...new Set(splitAuthors([...fields]).map(initialsKey))];
}
