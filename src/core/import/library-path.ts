/**
 * The folder a book is filed under, written so that Audiobookshelf's folder-name parser
 * (server/utils/scandir.js getBookDataFromDir, 2.36.0) reads the same book back even without the metadata.json:
 * - the last three folders are author / series / title; a series folder is only there for a book in a series;
 * - the ASIN only counts as ` [B0XXXXXXXX]` (ten upper-case letters or digits, in square brackets);
 * - a sequence only counts as `1 - Title`, `1.5 - Title` (≤ 3 digits, ≤ 2 decimals) under a series folder, so
 *   sequences it cannot read ("1-3", "2, Dramatized Adaptation") are left out of the folder (metadata.json has them);
 * - the author folder is split by parseNameString on `&` first (then `,` inside each part), else ` and `, else `;`,
 *   else `,`: authors are joined with " & ", which it splits back one by one.
 */
import type { ImportBook } from './import-book.js';
import { DEFAULT_PATH_TEMPLATE, parsePathTemplate, renderPathTemplate, type PathTemplate, type TemplateValues } from './path-template.js';
import { MAX_COMPONENT_BYTES, safeComponent, utf8Bytes } from './name-safety.js';

export const UNKNOWN_AUTHOR = 'Unknown Author';
const AUTHOR_JOINER = ' & ';

export interface LibraryPath {
  /** The folders from the library root down to the book folder, each safe. */
  folders: string[];
  /** The same joined with `/` (what ABS reports as the item's relPath). */
  relPath: string;
  /** What the folder name cannot carry (left to metadata.json), one line each. */
  notes: string[];
}

/** The sequence as ABS's getSequence reads it back (its Number(...).toString()), or null when it cannot. */
export function folderSequence(sequence: string | null | undefined): string | null {
  const s = (sequence ?? '').trim().replace(/^#/, '');
  return /^\d{1,3}(\.\d{1,2})?$/.test(s) ? String(Number(s)) : null;
}

/** ABS's folder ASIN: exactly ten upper-case letters or digits. */
export function folderAsin(asin: string | null | undefined): string | null {
  const a = (asin ?? '').trim().toUpperCase();
  return /^[A-Z0-9]{10}$/.test(a) ? a : null;
}

/** Would ABS's parseNameString split this one name into several? */
const splitsInAbs = (name: string) => /[&,;]/.test(name) || / and /.test(name);

/** Authors joined as ABS splits them, whole names only, dropping trailing ones that would not fit in one folder. */
export function folderAuthors(authors: readonly string[], notes: string[]): string {
  const names = authors.map((a) => a.trim()).filter((a) => safeComponent(a) !== '');
  if (names.length === 0) {
    notes.push(`no author: filed under "${UNKNOWN_AUTHOR}"`);
    return UNKNOWN_AUTHOR;
  }
  for (const name of names) {
    if (splitsInAbs(name)) notes.push(`author "${name}" would be split by Audiobookshelf's folder parser; metadata.json names it whole`);
  }
  const kept = [names[0]!];
  for (const name of names.slice(1)) {
    if (utf8Bytes([...kept, name].join(AUTHOR_JOINER)) > MAX_COMPONENT_BYTES) {
      notes.push(`${names.length - kept.length} more author(s) left out of the folder name (too long); metadata.json names them all`);
      break;
    }
    kept.push(name);
  }
  return kept.join(AUTHOR_JOINER);
}

/**
 * ABS's getPublishedYear strips a leading "YYYY - " from the title folder ("1984 - A Novel" would come back as
 * "A Novel", year 1984): the dash after a leading year is written as an en dash, which it does not read.
 */
export function folderTitle(title: string, notes: string[]): string {
  const m = /^( *\(?[0-9]{4}\)? *)-/u.exec(title);
  if (!m) return title;
  notes.push(`title "${title}" starts like a year: written with an en dash so Audiobookshelf keeps it whole`);
  return `${m[1]}\u2013${title.slice(m[0].length)}`;
}

/** The template values for a book (the folder-name forms ABS reads), with a note for everything left out. */
export function templateValues(book: ImportBook, notes: string[] = []): TemplateValues {
  const named = book.series.find((s) => safeComponent(s.name) !== '');
  const series = named ?? null;
  const sequence = series ? folderSequence(series.sequence) : null;
  if (series?.sequence && sequence === null) {
    notes.push(`sequence "${series.sequence}" cannot be read by Audiobookshelf from a folder name; left to metadata.json`);
  }
  const asin = folderAsin(book.asin);
  if (book.asin && asin === null) notes.push(`ASIN "${book.asin}" is not ten letters/digits; left out of the folder name`);
  return {
    author: folderAuthors(book.authors, notes),
    series: series?.name ?? null,
    sequence,
    title: folderTitle(book.title, notes),
    subtitle: book.subtitle,
    asin,
    narrator: book.narrators.length > 0 ? book.narrators.join(AUTHOR_JOINER) : null,
    year: book.publishedYear && /^\d{4}$/.test(book.publishedYear) ? book.publishedYear : null,
  };
}

const defaultTemplate = parsePathTemplate(DEFAULT_PATH_TEMPLATE);

/** Where the book goes under the library root. Throws when the template leaves no usable book folder. */
export function libraryPathFor(book: ImportBook, template: PathTemplate = defaultTemplate): LibraryPath {
  const notes: string[] = [];
  if (safeComponent(book.title) === '') throw new Error(`the title ${JSON.stringify(book.title)} leaves no usable folder name`);
  const folders = renderPathTemplate(template, templateValues(book, notes));
  return { folders, relPath: folders.join('/'), notes };
}
