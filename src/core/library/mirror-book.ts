import { normalizeAsin, normalizeAuthorName, normalizeIsbn, normalizeText, normalizeTitle } from '../matching/index.js';
import type { SourceBook } from './library-source.port.js';
import type { MirrorBook } from './mirror-store.port.js';

const blank = (s: string | null | undefined): string | null => {
  const t = s?.trim();
  return t ? t : null;
};

/** ABS keeps the year as a string ("2021", sometimes a full date or garbage); only a plausible year is kept. */
export function parsePublishedYear(value: string | null): number | null {
  const m = value ? /^\s*(\d{4})\b/.exec(value) : null;
  return m ? Number(m[1]) : null;
}

/** Series names are folded like any text; the matcher has no separate series normaliser. */
export const seriesNameKey = (name: string): string => normalizeText(name);

/**
 * An ABS book as a mirror row. Identifiers are stored normalised when they can be (ISBN-13, upper-case ASIN) so the
 * owned check can look them up directly; a value that cannot be normalised is kept as given rather than lost.
 */
export function toMirrorBook(book: SourceBook, syncHash: string): MirrorBook {
  const asin = blank(book.asin);
  const isbn = blank(book.isbn);
  const seenAuthors = new Set<string>();
  const seenSeries = new Set<string>();
  return {
    absItemId: book.id,
    absLibraryId: book.libraryId,
    title: book.title,
    subtitle: blank(book.subtitle),
    titleKey: normalizeTitle(book.title),
    asin: asin ? (normalizeAsin(asin) ?? asin) : null,
    isbn: isbn ? (normalizeIsbn(isbn) ?? isbn) : null,
    narrators: book.narrators.filter((n) => n.trim() !== ''),
    publisher: blank(book.publisher),
    publishedYear: parsePublishedYear(book.publishedYear),
    language: blank(book.language),
    genres: book.genres,
    description: blank(book.description),
    durationSeconds: book.durationSec,
    sizeBytes: book.sizeBytes,
    path: book.path,
    isMissing: book.isMissing,
    absAddedAt: book.addedAt,
    absUpdatedAt: book.updatedAt,
    syncHash,
    // ABS never lists an author or series twice on one book, but a duplicate would break the link's primary key.
    authors: book.authors
      .filter((a) => !seenAuthors.has(a.id) && seenAuthors.add(a.id))
      .map((a) => ({ absAuthorId: a.id, name: a.name, nameKey: normalizeAuthorName(a.name) })),
    series: book.series
      .filter((s) => !seenSeries.has(s.id) && seenSeries.add(s.id))
      .map((s) => ({ absSeriesId: s.id, name: s.name, nameKey: seriesNameKey(s.name), sequence: blank(s.sequence) })),
  };
}
