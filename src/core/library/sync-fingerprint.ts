import { hash as digest } from 'node:crypto';
import type { SourceBook, SourceSeriesEntry, SourceSummary } from './library-source.port.js';

/**
 * The change fingerprint stored as books.sync_hash. It must come out the same whether computed from a list element
 * (minified: names joined by ", ") or from a full item (structured lists), so a no-change run can skip an item from
 * the list page alone, without fetching it. Hence names are hashed sorted, then joined as ABS joins them.
 * ABS bumps `updatedAt` on every metadata edit, so fields the list does not carry (description, publisher, genres)
 * are covered by it.
 */
interface FingerprintFields {
  libraryId: string;
  path: string;
  title: string;
  subtitle: string | null;
  authors: string;
  narrators: string;
  series: string;
  publishedYear: string | null;
  asin: string | null;
  isbn: string | null;
  durationSec: number;
  sizeBytes: number | null;
  addedAt: number;
  updatedAt: number;
  isMissing: boolean;
}

/**
 * Sorted: the list shape orders a book's series by name, the full item in the book's own order. Authors and narrators
 * too: ABS breaks ties between co-authors shared by several books by a random id, so the list and the item (and two
 * list pages) can give one book's authors in different orders. An edit that only reorders them still bumps updatedAt.
 */
const joinNames = (names: readonly string[]) => [...names].sort().join(', ');

const joinSeries = (series: readonly SourceSeriesEntry[]) =>
  series
    .map((s) => (s.sequence ? `${s.name} #${s.sequence}` : s.name))
    .sort()
    .join(', ');

function hash(f: FingerprintFields): string {
  const ordered = [
    f.libraryId, f.path, f.title, f.subtitle, f.authors, f.narrators, f.series, f.publishedYear, f.asin, f.isbn,
    f.durationSec, f.sizeBytes, f.addedAt, f.updatedAt, f.isMissing,
  ];
  // One-shot digest: it runs for every list element of every sync, so no Hash object per item.
  return digest('sha1', JSON.stringify(ordered), 'hex');
}

export function summaryFingerprint(s: SourceSummary): string {
  return hash({
    libraryId: s.libraryId,
    path: s.path,
    title: s.title,
    subtitle: s.subtitle,
    authors: joinNames(s.authorNames),
    narrators: joinNames(s.narratorNames),
    series: joinSeries(s.series),
    publishedYear: s.publishedYear,
    asin: s.asin,
    isbn: s.isbn,
    durationSec: s.durationSec,
    sizeBytes: s.sizeBytes,
    addedAt: s.addedAt.getTime(),
    updatedAt: s.updatedAt.getTime(),
    isMissing: s.isMissing,
  });
}

export function bookFingerprint(b: SourceBook): string {
  return hash({
    libraryId: b.libraryId,
    path: b.path,
    title: b.title,
    subtitle: b.subtitle,
    authors: joinNames(b.authors.map((a) => a.name)),
    narrators: joinNames(b.narrators),
    series: joinSeries(b.series),
    publishedYear: b.publishedYear,
    asin: b.asin,
    isbn: b.isbn,
    durationSec: b.durationSec,
    sizeBytes: b.sizeBytes,
    addedAt: b.addedAt.getTime(),
    updatedAt: b.updatedAt.getTime(),
    isMissing: b.isMissing,
  });
}
