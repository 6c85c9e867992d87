import { describe, expect, it } from 'vitest';
import { decideGaps, proposals, type DecidedBook, type GapQuestion, type ProviderRecord } from '../../../src/core/discovery/index.js';
import type { BookRecord } from '../../../src/core/matching/index.js';

let n = 0;
function rec(source: string, title: string, extra: Partial<ProviderRecord> = {}): ProviderRecord {
  n++;
  return {
    ref: `${source}:${extra.asin ?? n}`,
    source,
    title,
    subtitle: null,
    authors: ['Brandon Sanderson'],
    narrators: [],
    series: [],
    asin: null,
    isbn: null,
    language: source === 'audnexus' ? 'english' : source === 'openLibrary' ? 'eng' : source === 'googleBooks' ? 'en' : null,
    releaseDate: '2015-01-01',
    format: null,
    compilation: source === 'hardcover' ? false : null,
    ...extra,
  };
}
const inSeries = (name: string, sequence: string | null) => ({ series: [{ name, sequence }] });
const own = (title: string, extra: Partial<BookRecord> = {}): BookRecord => ({ title, authors: ['Sanderson, Brandon'], series: [], asin: null, isbn: null, ...extra });

function ask(records: ProviderRecord[], owned: BookRecord[], more: Partial<GapQuestion> = {}): DecidedBook[] {
  return decideGaps({
    scope: { kind: 'series', name: 'The Stormlight Archive', authors: ['Brandon Sanderson'] },
    today: '2026-03-01',
    options: { includeNovellas: true, includeAnthologies: false, language: 'en' },
    owned,
    records,
    ...more,
  });
}
const bookOf = (books: DecidedBook[], ref: string) => books.find((b) => b.refs.includes(ref))!;

describe('gap decision', () => {
  it('given two providers spelling one title differently, then they merge into one missing book with evidence', () => {
    const a = rec('audnexus', 'Words of Radiance', { asin: 'B00000WOR1', subtitle: 'The Stormlight Archive, Book 2', ...inSeries('The Stormlight Archive', '2') });
    const h = rec('hardcover', 'Words of Radiance (The Stormlight Archive, #2)');
    const o = rec('openLibrary', 'Words of radiance / Brandon Sanderson', inSeries('Stormlight Archive', null));
    const books = ask([a, h, o], [own('Stormlight Archive 01 - The Way of Kings (Unabridged)', { series: [{ name: 'Stormlight Archive', sequence: '01' }] })]);
    expect(proposals(books).missing).toEqual([[a.ref, h.ref, o.ref]]);
    const wor = bookOf(books, a.ref);
    expect(wor.providers).toEqual(['audnexus', 'hardcover', 'openLibrary']);
    expect(wor.positions).toContainEqual({ series: 'The Stormlight Archive', sequence: '2' });
    expect(wor.asins).toEqual(['B00000WOR1']);
    expect(wor.confidence).toBeGreaterThan(50);
    expect(wor.reasons.join(' ')).toMatch(/not in the library/);
  });

  it('given an owned omnibus holding positions 1-3, then those positions are owned and only the later books are missing', () => {
    const series = 'Mistborn';
    const books = [1, 2, 3, 4].map((i) => rec('audnexus', `Era Book ${'ABCD'[i - 1]}`, inSeries(series, String(i))));
    const box = rec('audnexus', 'Mistborn Trilogy Boxed Set', inSeries(series, '1-3'));
    const decided = ask([...books, box], [own('Mistborn Trilogy (Books 1-3)', { series: [{ name: 'Mistborn', sequence: '1-3' }] })], {
      scope: { kind: 'series', name: 'Mistborn', authors: ['Brandon Sanderson'] },
    });
    expect(proposals(decided).missing).toEqual([[books[3]!.ref]]);
    for (const b of books.slice(0, 3)) expect(bookOf(decided, b.ref).verdict).toBe('owned');
    expect(bookOf(decided, books[0]!.ref).reasons[0]).toMatch(/positions 1-3/);
    expect(bookOf(decided, box.ref).verdict).not.toBe('missing');
  });

  it('given a second series object whose numbering contradicts the owned books, then it is not the series', () => {
    const main = 'The Stormlight Archive';
    const other = 'The Stormlight Archive (Chronological Order)';
    const records = [
      rec('audnexus', 'The Way of Kings', inSeries(main, '1')),
      rec('audnexus', 'Words of Radiance', inSeries(main, '2')),
      rec('audnexus', 'Oathbringer', inSeries(main, '3')),
      rec('hardcover', 'The Way of Kings', inSeries(other, '2')),
      rec('hardcover', 'Words of Radiance', inSeries(other, '3')),
      rec('hardcover', 'A Prequel Listing', inSeries(other, '1')),
    ];
    const decided = ask(records, [
      own('The Way of Kings', { series: [{ name: main, sequence: '1' }] }),
      own('Words of Radiance', { series: [{ name: main, sequence: '2' }] }),
    ]);
    expect(proposals(decided).missing).toEqual([[records[2]!.ref]]);
    expect(bookOf(decided, records[5]!.ref)).toMatchObject({ verdict: 'not-a-gap', kind: 'unnumbered' });
  });

  it('given a same-named series by another author, then its books are not gaps', () => {
    const scope = { kind: 'series' as const, name: 'Villains', authors: ['V.E. Schwab'] };
    const vengeful = rec('hardcover', 'Vengeful', { authors: ['V. E. Schwab'], ...inSeries('Villains', '2') });
    const valentino = rec('hardcover', 'The Beast Within', { authors: ['Serena Valentino'], subtitle: "A Tale of Beauty's Prince", ...inSeries('Villains', '2') });
    const decided = ask([vengeful, valentino], [own('Villains: Vicious', { authors: ['VE Schwab'], series: [{ name: 'Villains', sequence: '1' }] })], { scope });
    expect(proposals(decided).missing).toEqual([[vengeful.ref]]);
    expect(bookOf(decided, valentino.ref)).toMatchObject({ verdict: 'not-a-gap', kind: 'other-author' });
  });

  it('given an x.5 novella, then it is a gap with includeNovellas and not without', () => {
    const novella = rec('audnexus', 'Edgedancer', inSeries('The Stormlight Archive', '2.5'));
    const novel = rec('audnexus', 'Oathbringer', inSeries('The Stormlight Archive', '3'));
    const owned = [own('The Way of Kings', { series: [{ name: 'The Stormlight Archive', sequence: '1' }] })];
    const base = { includeAnthologies: false, language: 'en' };
    expect(proposals(ask([novella, novel], owned, { options: { ...base, includeNovellas: true } })).missing).toEqual([[novella.ref], [novel.ref]]);
    const without = ask([novella, novel], owned, { options: { ...base, includeNovellas: false } });
    expect(proposals(without).missing).toEqual([[novel.ref]]);
    expect(bookOf(without, novella.ref)).toMatchObject({ verdict: 'not-a-gap', kind: 'novella' });
  });

  it('given a book whose every record is dated after today, then it is upcoming; an old book with a new edition is not', () => {
    const wat = rec('audnexus', 'Wind and Truth', { releaseDate: '2024-12-06T00:00:00.000Z', ...inSeries('The Stormlight Archive', '5') });
    const watHc = rec('hardcover', 'Wind and Truth', { releaseDate: '2024', ...inSeries('The Stormlight Archive', '5') });
    const row = rec('audnexus', 'Rhythm of War', { releaseDate: '2020-11-17', ...inSeries('The Stormlight Archive', '4') });
    const rowNew = rec('googleBooks', 'Rhythm of War', { releaseDate: '2025-03' });
    const decided = ask([wat, watHc, row, rowNew], [], { today: '2024-10-01' });
    expect(proposals(decided)).toEqual({ missing: [[row.ref, rowNew.ref]], upcoming: [[wat.ref, watHc.ref]] });
    expect(bookOf(decided, wat.ref).reasons[0]).toMatch(/not released yet/);
  });

  it('given abridged, dramatised, summary and graphic-novel editions, then none of them is a gap', () => {
    const s = 'The Stormlight Archive';
    const plain = rec('audnexus', 'The Way of Kings', inSeries(s, '1'));
    const dramatized = rec('audnexus', 'The Way of Kings', { subtitle: 'Dramatized Adaptation', narrators: ['full cast'], ...inSeries(s, '1, Dramatized Adaptation') });
    const abridged = rec('audnexus', 'The Way of Kings (Abridged)', inSeries(s, '1'));
    const summary = rec('googleBooks', 'Summary of The Way of Kings', { authors: ['QuickRead'] });
    const graphic = rec('hardcover', 'The Way of Kings: The Graphic Novel', { authors: ['Brandon Sanderson', 'Some Artist'] });
    const decided = ask([plain, dramatized, abridged, summary, graphic], []);
    expect(proposals(decided).missing).toEqual([[plain.ref]]);
    expect(bookOf(decided, dramatized.ref).kind).toBe('dramatized');
    expect(bookOf(decided, abridged.ref).kind).toBe('abridged');
    expect(bookOf(decided, summary.ref).kind).toBe('summary');
    expect(bookOf(decided, graphic.ref).kind).toBe('graphic-novel');
  });

  it('given an author scope, then anthologies follow includeAnthologies and a narrator credit is not the author\'s book', () => {
    const scope = { kind: 'author' as const, name: 'Brandon Sanderson' };
    const anthology = rec('hardcover', 'Arcanum Unbounded', { subtitle: 'The Cosmere Collection', compilation: true });
    const narrated = rec('audnexus', 'Some Other Book', { authors: ['Jane Doe'], narrators: ['Brandon Sanderson'] });
    const novel = rec('audnexus', 'Warbreaker');
    const options = (includeAnthologies: boolean) => ({ includeNovellas: true, includeAnthologies, language: 'en' });
    const excluded = ask([anthology, narrated, novel], [], { scope, options: options(false) });
    expect(proposals(excluded).missing).toEqual([[novel.ref]]);
    expect(bookOf(excluded, anthology.ref).kind).toBe('anthology');
    expect(bookOf(excluded, narrated.ref).kind).toBe('other-author');
    expect(proposals(ask([anthology, narrated, novel], [], { scope, options: options(true) })).missing).toEqual([[novel.ref], [anthology.ref]]);
  });

  it('given a library item holding another edition\'s ASIN, or the book in two parts, then the book is owned', () => {
    const wok = rec('audnexus', 'The Way of Kings', { asin: 'B00000WOK1', ...inSeries('The Stormlight Archive', '1') });
    const wor = rec('audnexus', 'Words of Radiance', { asin: 'B00000WOR1', ...inSeries('The Stormlight Archive', '2') });
    const decided = ask([wok, wor], [
      own('The Way of Kings (Unabridged)', { asin: 'B0OTHER001' }),
      own('Words of Radiance (Part 1 of 2)'),
      own('Words of Radiance (Part 2 of 2)'),
    ]);
    expect(proposals(decided).missing).toEqual([]);
    expect(bookOf(decided, wok.ref).verdict).toBe('owned');
    expect(bookOf(decided, wor.ref).verdict).toBe('owned');
  });

  it('given a record in another language than the library\'s, then it is not a gap', () => {
    const german = rec('audnexus', 'Der Weg der Könige', { language: 'german', ...inSeries('Die Sturmlicht-Chroniken', '1') });
    const decided = ask([german], [], { scope: { kind: 'author', name: 'Brandon Sanderson' } });
    expect(bookOf(decided, german.ref)).toMatchObject({ verdict: 'not-a-gap', kind: 'language' });
  });

  it('given a library item in another language that meets no record, then the first missing book is taken as owned, said as a guess', () => {
    const s = 'The Expanse';
    const scope = { kind: 'series' as const, name: s, authors: ['James S.A. Corey'] };
    const lw = rec('audnexus', 'Leviathan Wakes', { authors: ['James S. A. Corey'], ...inSeries(s, '1') });
    const cw = rec('audnexus', "Caliban's War", { authors: ['James S. A. Corey'], ...inSeries(s, '2') });
    const decided = ask([cw, lw], [own('James S.A. Corey - Leviathan erwacht', { authors: ['James S.A. Corey'] })], { scope });
    expect(proposals(decided).missing).toEqual([[cw.ref]]);
    expect(bookOf(decided, lw.ref)).toMatchObject({ verdict: 'owned', confidence: 50 });
    expect(bookOf(decided, lw.ref).reasons[0]).toMatch(/another language.*assumed|assumed.*another language/);
  });

  it('given the library holds only a dramatisation or an abridged edition, then the book itself is still missing', () => {
    const s = 'The Stormlight Archive';
    const plain = rec('audnexus', 'The Way of Kings', inSeries(s, '1'));
    const drama = rec('audnexus', 'The Way of Kings', { subtitle: 'Dramatized Adaptation', narrators: ['full cast'], ...inSeries(s, '1, Dramatized Adaptation') });
    const decided = ask([plain, drama], [own('The Way of Kings (Dramatized Adaptation)', { narrators: ['full cast'], series: [{ name: s, sequence: '1' }] })]);
    expect(proposals(decided).missing).toEqual([[plain.ref]]);
    expect(bookOf(decided, drama.ref).verdict).toBe('owned');
  });

  it('given an omnibus titled as a series with a "Trilogy" subtitle and no flag, then it is not a gap in an author scope', () => {
    const box = rec('googleBooks', "Remembrance of Earth's Past", { subtitle: 'The Three-Body Trilogy', authors: ['Cixin Liu'] });
    const book = rec('hardcover', "Death's End", { authors: ['Cixin Liu'], ...inSeries("Remembrance of Earth's Past", '3') });
    const decided = ask([box, book], [], { scope: { kind: 'author', name: 'Cixin Liu' } });
    expect(proposals(decided).missing).toEqual([[book.ref]]);
  });

  it('given a follow "from now on", then only books released after the follow date are gaps', () => {
    const old = rec('audnexus', 'Elantris', { releaseDate: '2005-04-21' });
    const fresh = rec('audnexus', 'The Sunlit Man', { releaseDate: '2023-10-01' });
    const scope = { kind: 'author' as const, name: 'Brandon Sanderson' };
    const options = { includeNovellas: true, includeAnthologies: false, language: 'en', releasedAfter: '2023-01-01' };
    const decided = ask([old, fresh], [], { scope, options });
    expect(proposals(decided).missing).toEqual([[fresh.ref]]);
    expect(bookOf(decided, old.ref)).toMatchObject({ verdict: 'not-a-gap', kind: 'backlist' });
  });
});
