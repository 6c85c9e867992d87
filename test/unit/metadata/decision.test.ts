import { describe, expect, it } from 'vitest';
import {
  candidateFromProviderBook,
  cleanBookTitle,
  durationsAgree,
  judgeCandidate,
  proposeMetadata,
  qualityScore,
  type LibraryItem,
  type MetadataCandidate,
} from '../../../src/core/metadata/index.js';

// Books here are deliberately not the corpus lines: the rules must carry over to books never tuned on.
const item = (over: Partial<LibraryItem> = {}): LibraryItem => ({
  title: 'The Fifth Season',
  subtitle: null,
  authors: ['N. K. Jemisin'],
  narrators: [],
  series: [{ name: 'The Broken Earth', sequence: '1' }],
  asin: null,
  isbn: null,
  publishedYear: null,
  durationMinutes: 930,
  language: 'English',
  ...over,
});

let n = 0;
const cand = (over: Partial<MetadataCandidate> = {}): MetadataCandidate => ({
  ref: `hardcover:${++n}`,
  source: 'hardcover',
  title: 'The Fifth Season',
  subtitle: null,
  authors: ['N.K. Jemisin'],
  narrators: [],
  series: [{ name: 'The Broken Earth', sequence: '1' }],
  asin: null,
  isbn: null,
  publishedYear: 2015,
  durationMinutes: null,
  language: null,
  format: null,
  publisher: null,
  ...over,
});

const audible = (over: Partial<MetadataCandidate> = {}) =>
  cand({ source: 'audnexus', ref: `audnexus:B0${++n}`, asin: `B0TEST${String(n).padStart(4, '0')}`, narrators: ['Robin Miles'], language: 'english', format: 'unabridged', durationMinutes: 935, publishedYear: 2016, ...over });

function refused(c: MetadataCandidate, library = item()): string[] {
  const v = judgeCandidate(library, c);
  expect(v.same, `${c.title}: ${v.reasons.join(',')}`).toBe(false);
  expect(v.score).toBeLessThan(0.5);
  const p = proposeMetadata(library, [c]);
  expect(p.match).toEqual([]);
  expect(p.fields).toEqual({});
  return v.reasons;
}

describe('metadata decision: a record of another book or product is refused, with its reason', () => {
  it('given the sequel in the same series, then it is refused because the title and position differ', () => {
    expect(refused(cand({ title: 'The Obelisk Gate', series: [{ name: 'The Broken Earth', sequence: '2' }] }))).toContain('series-position-differs');
  });

  it('given another volume of a numbered light novel, then it is refused', () => {
    const library = item({ title: 'Spice and Wolf, Vol. 3', authors: ['Isuna Hasekura'], series: [{ name: 'Spice and Wolf', sequence: '3' }], durationMinutes: null });
    const reasons = refused(cand({ title: 'Spice and Wolf, Vol. 4', authors: ['Isuna Hasekura'], series: [{ name: 'Spice and Wolf', sequence: '4' }] }), library);
    expect(reasons.join(',')).toMatch(/series-position-differs|title-differs/);
  });

  it('given a graphic-novel adaptation, then it is refused as another product', () => {
    const reasons = refused(cand({ title: 'The Fifth Season: The Graphic Novel', authors: ['N. K. Jemisin', 'Jane Artist (Illustrator)'] }));
    expect(reasons.join(',')).toMatch(/product-differs/);
  });

  it('given a box set containing the book, then it is refused as a collection', () => {
    expect(refused(cand({ title: 'The Broken Earth Trilogy Box Set', series: [] }))).toContain('product-differs:collection');
  });

  it('given a summary of the book, then it is refused as a summary', () => {
    expect(refused(cand({ title: 'Summary of The Fifth Season by N. K. Jemisin', authors: ['QuickRead Summaries'], series: [] }))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^product-differs:summary/)]),
    );
  });

  it('given the same title by another author, then it is refused because the authors differ', () => {
    expect(refused(cand({ title: 'The Fifth Season', authors: ['Mary Elise Sarotte'], series: [] }))).toContain('authors-differ');
  });

  it('given the same title by another author next to an item without authors, then the runtime tells them apart', () => {
    const library = item({ authors: [], series: [], durationMinutes: 930 });
    expect(refused(cand({ authors: ['Mary Elise Sarotte'], series: [], durationMinutes: 610 }), library)[0]).toMatch(/^duration-differs/);
  });

  it('given an abridged, dramatized, split or foreign-language edition, then each is refused', () => {
    expect(refused(audible({ format: 'abridged' }))).toEqual(['product-differs:abridged']);
    expect(refused(audible({ subtitle: 'A Full-Cast Dramatization', narrators: ['Full Cast'], durationMinutes: null })).join(',')).toMatch(/product-differs:dramatized/);
    expect(refused(cand({ subtitle: 'Part Two' })).join(',')).toMatch(/split-part/);
    expect(refused(cand({ title: 'Die fünfte Jahreszeit', language: 'german' }))[0]).toBe('other-language:german');
  });
});

describe('metadata decision: this very book is found', () => {
  it('given an item without authors and same-title records crediting different people, then only the one whose runtime agrees is taken, or none', () => {
    const library = item({ authors: [], series: [], durationMinutes: 930 });
    const jemisin = audible({ series: [] });
    const other = cand({ authors: ['Mary Elise Sarotte'], series: [], durationMinutes: null });
    expect(proposeMetadata(library, [jemisin, other]).match).toEqual([jemisin.ref]);
    const blind = proposeMetadata({ ...library, durationMinutes: null }, [cand({ series: [] }), other]);
    expect(blind.match).toEqual([]);
    expect(blind.verdicts.every((v) => v.reasons.includes('ambiguous:records-credit-other-authors'))).toBe(true);
  });

  it('given an ASIN on both sides, then it decides; a different ISBN (another edition) does not refuse', () => {
    const library = item({ title: 'Fifth Season, The (Unabridged)', asin: 'B0TESTASIN', isbn: '9780316229296' });
    expect(judgeCandidate(library, audible({ asin: 'B0TESTASIN' })).reasons).toEqual(['asin-equal']);
    expect(judgeCandidate(library, cand({ isbn: '9780356508191' })).same).toBe(true);
  });

  it('given a folder-name title of the series position only, then a record of the same book joins the one placed by position', () => {
    const library = item({ title: 'The Broken Earth, Book 1', authors: ['Jemisin, N. K.'], series: [{ name: 'The Broken Earth', sequence: '1' }] });
    const placed = cand({ source: 'googleBooks', ref: 'googleBooks:x', series: [], subtitle: 'Book One of The Broken Earth', publishedYear: 2016 });
    const unplaced = cand({ source: 'openLibrary', ref: 'openLibrary:OL1W', series: [{ name: 'The Broken Earth', sequence: null }], publishedYear: 2015 });
    const p = proposeMetadata(library, [placed, unplaced]);
    expect(p.match).toEqual(['googleBooks:x', 'openLibrary:OL1W']);
    expect(p.fields.title?.value).toBe('The Fifth Season');
    expect(p.fields.publishedYear?.value).toBe(2015);
  });
});

describe('metadata decision: runtime tolerance is max(2 %, 3 min)', () => {
  it('given runtimes 2 % apart on a long book, then they agree; 3 % apart, then they do not', () => {
    expect(durationsAgree(1000, 1019)).toBe(true);
    expect(durationsAgree(1000, 1031)).toBe(false);
  });

  it('given a short book, then 3 minutes is the floor', () => {
    expect(durationsAgree(60, 63)).toBe(true);
    expect(durationsAgree(60, 64)).toBe(false);
  });

  it('given an unknown runtime on either side, then the runtime does not decide', () => {
    expect(durationsAgree(null, 600)).toBeNull();
    expect(judgeCandidate(item({ durationMinutes: null }), audible()).same).toBe(true);
  });

  it('given an audiobook record 40 minutes off a 15-hour item, then it is refused as another recording', () => {
    expect(refused(audible({ durationMinutes: 970 }))[0]).toBe('duration-differs:930/970');
  });
});

describe('metadata decision: field values', () => {
  it('given titles with series text, "(Unabridged)", edition words or a fused subtitle, then the title is the book\'s own', () => {
    expect(cleanBookTitle('The Fifth Season (The Broken Earth, Book 1) (Unabridged)').title).toBe('The Fifth Season');
    expect(cleanBookTitle('The Fifth Season: The Broken Earth, Book 1', false, ['The Broken Earth']).title).toBe('The Fifth Season');
    expect(cleanBookTitle('The Fifth Season (Movie Tie-In Edition)').title).toBe('The Fifth Season');
    expect(cleanBookTitle('Quiet: The Power of Introverts in a World That Cannot Stop Talking', true)).toEqual({
      title: 'Quiet',
      fusedSubtitle: 'The Power of Introverts in a World That Cannot Stop Talking',
    });
    expect(cleanBookTitle('Frankenstein; or, The Modern Prometheus').title).toBe('Frankenstein; or, The Modern Prometheus');
    expect(cleanBookTitle('Overlord: Part 1 Volume 2').title).toBe('Overlord: Part 1 Volume 2');
  });

  it('given a messy folder item, then title, authors, series, narrators and ASIN come from the records', () => {
    const library = item({ title: 'N. K. Jemisin - The Fifth Season (Unabridged)', authors: ['Jemisin, N.K.', 'Robin Miles'], series: [], narrators: [] });
    const p = proposeMetadata(library, [audible({ series: [], subtitle: 'The Broken Earth, Book 1' }), cand()]);
    expect(p.match).toHaveLength(2);
    expect(p.fields.title?.value).toBe('The Fifth Season');
    expect(p.fields.authors?.value).toEqual(['N.K. Jemisin']);
    expect(p.fields.series?.value).toEqual([{ name: 'The Broken Earth', sequence: '1' }]);
    expect(p.fields.narrators?.value).toEqual(['Robin Miles']);
    expect(p.fields.asin?.value).toMatch(/^B0TEST/);
    expect(p.fields.subtitle).toBeUndefined();
    for (const f of Object.values(p.fields)) {
      expect(f.confidence).toBeGreaterThan(0);
      expect(f.confidence).toBeLessThanOrEqual(100);
      expect(f.source).toMatch(/^(audnexus|hardcover):/);
    }
    expect(p.quality.proposed).toBeGreaterThan(p.quality.current);
  });

  it('given an audiobook year and a first-publication year, then the year is the first publication', () => {
    const p = proposeMetadata(item({ publishedYear: '2016' }), [audible({ publishedYear: 2016 }), cand({ source: 'openLibrary', ref: 'openLibrary:OL2W', publishedYear: 2015 })]);
    expect(p.fields.publishedYear).toMatchObject({ value: 2015, source: 'openLibrary:OL2W' });
  });

  it('given a library year before every record\'s (only the audiobook\'s release is known), then the library year stays', () => {
    const p = proposeMetadata(item({ publishedYear: '2015' }), [audible({ publishedYear: 2016 })]);
    expect(p.fields.publishedYear).toBeUndefined();
    expect(p.confirmed).toContain('publishedYear');
  });

  it('given series positions written "Book 2" and "Book Two of …", then the position is a plain number', () => {
    const library = item({ title: 'The Obelisk Gate', series: [] });
    const p = proposeMetadata(library, [cand({ title: 'The Obelisk Gate', series: [{ name: 'The Broken Earth', sequence: 'Book 2' }] })]);
    expect(p.fields.series?.value).toEqual([{ name: 'The Broken Earth', sequence: '2' }]);
    const g = proposeMetadata(library, [cand({ source: 'googleBooks', ref: 'googleBooks:y', title: 'The Obelisk Gate', series: [], subtitle: 'Book Two of The Broken Earth' })]);
    expect(g.fields.series?.value).toEqual([{ name: 'The Broken Earth', sequence: '2' }]);
  });
});

describe('metadata decision: never a downgrade', () => {
  it('given a library that already has a field right, then it is confirmed, not proposed', () => {
    const p = proposeMetadata(item({ publishedYear: '2015', authors: ['Jemisin, N. K.'] }), [cand()]);
    expect(p.match).toHaveLength(1);
    expect(p.fields.title).toBeUndefined();
    expect(p.fields.authors).toBeUndefined();
    expect(p.fields.series).toBeUndefined();
    expect(p.confirmed).toEqual(expect.arrayContaining(['title', 'authors', 'series', 'publishedYear']));
  });

  it('given a record without a value for a field, then the library value is never emptied', () => {
    const p = proposeMetadata(item({ subtitle: 'A Broken Earth Novel', narrators: ['Robin Miles'] }), [cand({ series: [], subtitle: null, narrators: [] })]);
    expect(p.fields.subtitle).toBeUndefined();
    expect(p.fields.narrators).toBeUndefined();
    expect(p.fields.series).toBeUndefined();
  });

  it('given a full author list and a print record with only the first author, then the list is kept', () => {
    const library = item({ title: 'The Mote in God\'s Eye', authors: ['Larry Niven', 'Jerry Pournelle'], series: [], durationMinutes: null });
    const p = proposeMetadata(library, [cand({ source: 'googleBooks', ref: 'googleBooks:m', title: "The Mote in God's Eye", authors: ['Larry Niven'], series: [] })]);
    expect(p.match).toHaveLength(1);
    expect(p.fields.authors).toBeUndefined();
  });

  it('given a narrator the tagger put among the authors, then the credited author replaces the list', () => {
    const p = proposeMetadata(item({ authors: ['N. K. Jemisin', 'Robin Miles'] }), [audible()]);
    expect(p.fields.authors?.value).toEqual(['N.K. Jemisin']);
  });

  it('given a series with a position and a record whose series has none, then the position is not lost', () => {
    const p = proposeMetadata(item({ series: [{ name: 'Broken Earth', sequence: '1' }] }), [cand({ source: 'openLibrary', ref: 'openLibrary:OL3W', series: [{ name: 'The Broken Earth', sequence: null }] })]);
    expect(p.fields.series).toBeUndefined();
  });

  it('given an ASIN on the library item, then another record\'s ASIN never replaces it', () => {
    const p = proposeMetadata(item({ asin: 'B0OWNASIN1' }), [audible()]);
    expect(p.fields.asin).toBeUndefined();
  });
});

describe('metadata decision: quality score', () => {
  it('given a folder-name item and a clean, complete one, then the clean one scores higher, both within 0-100', () => {
    const messy = qualityScore(item({ title: 'jemisin_the fifth season (unabridged)', authors: ['Jemisin, N. K.'], series: [] }));
    const clean = qualityScore(item({ publishedYear: '2015', asin: 'B0OWNASIN1', narrators: ['Robin Miles'], coverUrl: 'https://x/c.jpg', description: 'd', publisher: 'Orbit' }));
    expect(messy).toBeGreaterThanOrEqual(0);
    expect(clean).toBeLessThanOrEqual(100);
    expect(clean).toBe(100);
    expect(messy).toBeLessThan(clean - 40);
  });
});

describe('metadata decision: provider books', () => {
  it('given a provider book in the port\'s shape, then it becomes a candidate with a "<source>:<id>" ref and its format', () => {
    const c = candidateFromProviderBook({
      provider: 'google-books',
      providerId: 'vol123',
      title: 'The Fifth Season',
      subtitle: null,
      authors: ['N. K. Jemisin'],
      narrators: [],
      series: [{ name: 'The Broken Earth', sequence: '1', providerId: 's1' }],
      asin: null,
      isbn: '9780316229296',
      description: 'Plain text.',
      publisher: 'Orbit',
      publishedYear: 2015,
      language: 'en',
      durationMinutes: null,
      coverUrl: 'https://books.example/c.jpg',
      genres: [],
      format: 'BOOK',
    });
    expect(c).toMatchObject({ ref: 'googleBooks:vol123', source: 'googleBooks', format: 'BOOK', series: [{ name: 'The Broken Earth', sequence: '1' }] });
    expect(proposeMetadata(item(), [c]).match).toEqual(['googleBooks:vol123']);
  });
});
