/**
 * The metadata.json written beside the audio before the book folder is renamed into the library, in the shape
 * Audiobookshelf 2.36.0 reads (server/utils/generators/abmetadataGenerator.js parseJsonMetadataText, applied by
 * scanner/AbsMetadataFileScanner.js, last in the default metadataPrecedence so it wins over folder names and tags):
 * strings for title/subtitle/publishedYear/description/isbn/asin/language, string arrays for authors and narrators,
 * series as "Name #sequence" strings (split back at the last ` #` followed by no space or `#`).
 *
 * A key with no value is LEFT OUT: the scanner skips null and empty authors, but it applies `series: []` and
 * `narrators: []`, which on a first scan wipe what the folder name or the tags gave.
 */
import type { ImportBook } from './import-book.js';

export const METADATA_FILE_NAME = 'metadata.json';

export interface AbsMetadataJson {
  title: string;
  subtitle?: string;
  authors?: string[];
  narrators?: string[];
  series?: string[];
  publishedYear?: string;
  description?: string;
  isbn?: string;
  asin?: string;
  language?: string;
}

/** ABS trims and de-duplicates string arrays; do it here so what we write is what it keeps. */
const names = (values: readonly string[]) => [...new Set(values.map((v) => v.trim()).filter(Boolean))];

/**
 * One series as ABS's parseSeriesString reads it ("Name #sequence", split at the last ` #`). A sequence it could not
 * read back whole (with a space or `#`, e.g. "2, Dramatized Adaptation") is cut to its first word ("2"), noted. An
 * unnumbered series whose name itself ends like " #x" would be misread as numbered: noted too.
 */
export function seriesString(name: string, sequence: string | null, notes: string[] = []): string {
  const cleanName = name.trim();
  let seq = (sequence ?? '').trim().replace(/^#/, '');
  if (seq !== '' && !/^[^#\s]+$/.test(seq)) {
    const head = /^[^#\s]+/.exec(seq)?.[0]?.replace(/[,;:.]+$/, '') ?? '';
    notes.push(`series "${cleanName}": sequence "${sequence}" written as "${head || 'none'}" (Audiobookshelf reads no spaces in it)`);
    seq = head;
  }
  if (seq === '') {
    if (/ #[^#\s]+$/.test(cleanName)) notes.push(`series "${cleanName}" ends like a sequence; Audiobookshelf will read it as one`);
    return cleanName;
  }
  return `${cleanName} #${seq}`;
}

/** The metadata.json content for a book: only the keys that have a value. */
export function buildMetadataJson(book: ImportBook, notes: string[] = []): AbsMetadataJson {
  const out: AbsMetadataJson = { title: book.title.trim() };
  const put = <K extends keyof AbsMetadataJson>(key: K, value: AbsMetadataJson[K] | null | undefined) => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    if (typeof value === 'string' && value.trim() === '') return;
    out[key] = value;
  };
  put('subtitle', book.subtitle);
  put('authors', names(book.authors));
  put('narrators', names(book.narrators));
  put('series', names(book.series.map((s) => seriesString(s.name, s.sequence, notes))));
  put('publishedYear', book.publishedYear);
  put('description', book.description);
  put('isbn', book.isbn);
  put('asin', book.asin);
  put('language', book.language);
  return out;
}

/** The file's text (pretty-printed, as ABS writes its own copy). */
export const renderMetadataJson = (metadata: AbsMetadataJson): string => `${JSON.stringify(metadata, null, 2)}\n`;
