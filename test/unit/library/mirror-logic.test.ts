import { describe, expect, it } from 'vitest';
import {
  bookFingerprint,
  computeSeriesStats,
  parsePublishedYear,
  summaryFingerprint,
  toMirrorBook,
  type SeriesMembership,
  type SourceBook,
  type SourceSummary,
} from '../../../src/core/library/index.js';

const book: SourceBook = {
  id: 'item-1',
  libraryId: 'lib-1',
  path: '/audiobooks/Corey/Leviathan Wakes',
  title: 'Leviathan Wakes',
  subtitle: null,
  authors: [{ id: 'a1', name: 'Daniel Abraham' }, { id: 'a2', name: 'Ty Franck' }],
  narrators: ['Jefferson Mays'],
  series: [{ id: 's1', name: 'The Expanse', sequence: '1' }, { id: 's2', name: 'Alpha Universe', sequence: null }],
  genres: ['Science Fiction'],
  publishedYear: '2011-06-02',
  publisher: null,
  description: ' ',
  isbn: '0-306-40615-2',
  asin: ' b004xiss44 ',
  language: 'English',
  durationSec: 74_000.25,
  sizeBytes: 1_000,
  addedAt: new Date(1_700_000_000_000),
  updatedAt: new Date(1_700_000_500_000),
  isMissing: false,
};

/** The same book as ABS's list endpoint shows it: names joined, series ordered by name. */
const summary: SourceSummary = {
  id: book.id,
  libraryId: book.libraryId,
  path: book.path,
  title: book.title,
  subtitle: null,
  authorNames: ['Daniel Abraham', 'Ty Franck'],
  narratorNames: ['Jefferson Mays'],
  series: [{ name: 'Alpha Universe', sequence: null }, { name: 'The Expanse', sequence: '1' }],
  publishedYear: book.publishedYear,
  asin: book.asin,
  isbn: book.isbn,
  durationSec: book.durationSec,
  sizeBytes: 1_000,
  addedAt: book.addedAt,
  updatedAt: book.updatedAt,
  isMissing: false,
};

describe('sync fingerprint', () => {
  it('is the same from the list shape and from the full item', () => {
    expect(summaryFingerprint(summary)).toBe(bookFingerprint(book));
  });

  it('changes with any mirrored field, including missing status and ABS updatedAt', () => {
    const base = summaryFingerprint(summary);
    expect(summaryFingerprint({ ...summary, isMissing: true })).not.toBe(base);
    expect(summaryFingerprint({ ...summary, updatedAt: new Date(1_700_000_600_000) })).not.toBe(base);
    expect(summaryFingerprint({ ...summary, series: [{ name: 'The Expanse', sequence: '2' }, { name: 'Alpha Universe', sequence: null }] })).not.toBe(base);
    expect(summaryFingerprint({ ...summary, authorNames: ['Daniel Abraham', 'Ty Franck', 'James S. A. Corey'] })).not.toBe(base);
    expect(summaryFingerprint({ ...summary, narratorNames: ['Erik Davies'] })).not.toBe(base);
  });

  it('is the same whatever order ABS lists the co-authors and narrators in (it breaks ties between shared co-authors at random)', () => {
    const base = summaryFingerprint(summary);
    expect(summaryFingerprint({ ...summary, authorNames: ['Ty Franck', 'Daniel Abraham'] })).toBe(base);
    expect(bookFingerprint({ ...book, authors: [...book.authors].reverse() })).toBe(base);
  });
});

describe('toMirrorBook', () => {
  it('normalises identifiers and keys, and keeps ABS order of authors', () => {
    const m = toMirrorBook(book, 'h');
    expect(m).toMatchObject({ asin: 'B004XISS44', isbn: '9780306406157', publishedYear: 2011, description: null, syncHash: 'h' });
    expect(m.authors.map((a) => a.nameKey)).toEqual(['daniel abraham', 'ty franck']);
    expect(m.series.map((s) => [s.nameKey, s.sequence])).toEqual([['the expanse', '1'], ['alpha universe', null]]);
  });

  it('keeps an identifier that cannot be normalised as given rather than dropping it', () => {
    expect(toMirrorBook({ ...book, isbn: '12345', asin: 'not-an-asin' }, 'h')).toMatchObject({ isbn: '12345', asin: 'not-an-asin' });
    expect(parsePublishedYear('unknown')).toBeNull();
  });
});

describe('computeSeriesStats', () => {
  const m = (bookId: string | null, sequence: string | null, gone = false, seriesId = 's', knownTotal: number | null = 5): SeriesMembership => ({
    seriesId,
    knownTotal,
    bookId,
    sequence,
    gone,
  });

  it('counts one book per position, each unnumbered book, and no missing or removed book', () => {
    const stats = computeSeriesStats([m('b1', '1'), m('b2', '01'), m('b3', 'Book Two'), m('b4', null), m('b5', '3', true)]);
    expect(stats).toEqual([{ seriesId: 's', ownedCount: 3, completion: 3 / 5 }]);
  });

  it('leaves completion unknown without a known total, caps it at 1, and reports empty series', () => {
    expect(computeSeriesStats([m('b1', '1', false, 'x', null), m(null, null, false, 'y', 2), m('b2', '1', false, 'z', 1), m('b3', '2', false, 'z', 1)])).toEqual([
      { seriesId: 'x', ownedCount: 1, completion: null },
      { seriesId: 'y', ownedCount: 0, completion: 0 },
      { seriesId: 'z', ownedCount: 2, completion: 1 },
    ]);
  });
});
