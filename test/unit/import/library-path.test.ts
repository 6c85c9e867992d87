import { describe, expect, it } from 'vitest';
import { parseImportBook, type ImportBookInput } from '../../../src/core/import/import-book.js';
import { folderSequence, libraryPathFor } from '../../../src/core/import/library-path.js';
import { safeComponent, safeFileName, utf8Bytes } from '../../../src/core/import/name-safety.js';
import { parsePathTemplate, PathTemplateError, renderPathTemplate } from '../../../src/core/import/path-template.js';
import { describeWithShared } from '../../helpers/shared-material.js';
import { loadAbsParsers } from './abs-parsers.js';

const book = (input: Partial<ImportBookInput> = {}) =>
  parseImportBook({ title: 'Leviathan Wakes', authors: ['James S. A. Corey'], asin: 'B0059H6MZC', ...input });

describe('safeComponent', () => {
  it('never lets a value become a separator, a parent reference or a hidden name', () => {
    expect(safeComponent('../../etc/passwd')).toBe('etc-passwd');
    expect(safeComponent('..')).toBe('');
    expect(safeComponent('.')).toBe('');
    expect(safeComponent('.hidden')).toBe('hidden');
    expect(safeComponent('a\\b')).toBe('a-b');
    expect(safeComponent('AC/DC')).toBe('AC-DC');
    expect(safeComponent('Either / Or')).toBe('Either - Or');
  });

  it('removes control characters and Windows-unsafe characters, keeping the name readable', () => {
    expect(safeComponent('Title\u0000with\nnew\tlines\u007f')).toBe('Title with new lines');
    expect(safeComponent('Dune: Messiah')).toBe('Dune - Messiah');
    expect(safeComponent('Who Moved My Cheese?')).toBe('Who Moved My Cheese');
    expect(safeComponent('"Quoted" <b>*')).toBe("'Quoted' b");
    expect(safeComponent('A|B')).toBe('A-B');
  });

  it('renames Windows device names and drops trailing dots and spaces', () => {
    expect(safeComponent('CON')).toBe('CON_');
    expect(safeComponent('nul')).toBe('nul_');
    expect(safeComponent('COM1')).toBe('COM1_');
    expect(safeComponent('lpt9.txt')).toBe('lpt9_.txt');
    expect(safeComponent('Console')).toBe('Console');
    expect(safeComponent('The End...  ')).toBe('The End');
    expect(safeFileName('CON.mp3')).toBe('CON_.mp3');
  });

  it('keeps Unicode, in NFC', () => {
    const decomposed = 'Ame\u0301lie — 日本語の本 🎧';
    const out = safeComponent(decomposed);
    expect(out).toBe('Amélie — 日本語の本 🎧');
    expect(out).toBe(out.normalize('NFC'));
  });

  it('cuts long names to 255 bytes of UTF-8 at a character boundary', () => {
    const long = 'é'.repeat(200); // 400 bytes
    const out = safeComponent(long);
    expect(utf8Bytes(out)).toBeLessThanOrEqual(255);
    expect(out).toBe('é'.repeat(127));
    const emoji = '👩‍👩‍👧‍👦'.repeat(20); // a 25-byte grapheme each
    const cut = safeComponent(emoji);
    expect(utf8Bytes(cut)).toBeLessThanOrEqual(255);
    expect(cut).toBe('👩‍👩‍👧‍👦'.repeat(10));
  });

  it('keeps a file extension when cutting a long file name', () => {
    const name = safeFileName(`${'x'.repeat(300)}.m4b`);
    expect(name.endsWith('.m4b')).toBe(true);
    expect(utf8Bytes(name)).toBe(255);
  });
});

describe('path template', () => {
  it('files a series book as author/series/sequence - title [asin] and a standalone as author/title [asin]', () => {
    expect(libraryPathFor(book({ series: [{ name: 'The Expanse', sequence: '1' }] })).relPath).toBe(
      'James S. A. Corey/The Expanse/1 - Leviathan Wakes [B0059H6MZC]',
    );
    expect(libraryPathFor(book()).relPath).toBe('James S. A. Corey/Leviathan Wakes [B0059H6MZC]');
    expect(libraryPathFor(book({ asin: null })).relPath).toBe('James S. A. Corey/Leviathan Wakes');
    expect(libraryPathFor(book({ series: [{ name: 'The Expanse', sequence: null }] })).relPath).toBe('James S. A. Corey/The Expanse/Leviathan Wakes [B0059H6MZC]');
  });

  it('cannot be steered out of the library by a hostile title, series or author', () => {
    const p = libraryPathFor(book({ title: '../../../../etc/cron.d/evil', authors: ['..'], series: [{ name: '/', sequence: '1' }] }));
    expect(p.folders.every((f) => f !== '..' && f !== '.' && !f.includes('/'))).toBe(true);
    expect(p.folders[0]).toBe('Unknown Author');
    expect(p.relPath).toBe('Unknown Author/etc-cron.d-evil [B0059H6MZC]');
  });

  it('keeps the ASIN and the sequence when the title is cut to fit 255 bytes', () => {
    const p = libraryPathFor(book({ title: 'Ж'.repeat(300), series: [{ name: 'S', sequence: '12.5' }] }));
    const folder = p.folders.at(-1)!;
    expect(utf8Bytes(folder)).toBeLessThanOrEqual(255);
    expect(folder.startsWith('12.5 - ЖЖ')).toBe(true);
    expect(folder.endsWith(' [B0059H6MZC]')).toBe(true);
  });

  it('writes only sequences the ABS folder parser reads, normalised as it reads them', () => {
    expect(folderSequence('01')).toBe('1');
    expect(folderSequence('1.5')).toBe('1.5');
    expect(folderSequence('#3')).toBe('3');
    expect(folderSequence('1-3')).toBeNull();
    expect(folderSequence('2, Dramatized Adaptation')).toBeNull();
    expect(folderSequence('1000')).toBeNull();
    const p = libraryPathFor(book({ series: [{ name: 'Omnibus', sequence: '1-3' }] }));
    expect(p.relPath).toBe('James S. A. Corey/Omnibus/Leviathan Wakes [B0059H6MZC]');
    expect(p.notes.join(' ')).toMatch(/sequence "1-3"/);
  });

  it('joins authors with " & " and notes a name ABS would split', () => {
    const p = libraryPathFor(book({ authors: ['Daniel Abraham', 'Ty Franck', 'Kingsley and Kingsley'] }));
    expect(p.folders[0]).toBe('Daniel Abraham & Ty Franck & Kingsley and Kingsley');
    expect(p.notes.join(' ')).toMatch(/Kingsley and Kingsley/);
  });

  it('drops whole trailing authors rather than cutting a name when the author folder would pass 255 bytes', () => {
    const authors = Array.from({ length: 12 }, (_, i) => `Author Number${i} Withalongsurname`);
    const p = libraryPathFor(book({ authors }));
    expect(utf8Bytes(p.folders[0]!)).toBeLessThanOrEqual(255);
    expect(p.folders[0]!.split(' & ').every((name) => authors.includes(name))).toBe(true);
    expect(p.notes.join(' ')).toMatch(/more author\(s\) left out of the folder name/);
  });

  it('accepts custom templates and rejects broken ones', () => {
    const t = parsePathTemplate('{author}/<{year} - >{title}< {{{narrator}}}>');
    expect(renderPathTemplate(t, { author: 'A', title: 'T', year: '2011', narrator: 'Jefferson Mays' })).toEqual(['A', '2011 - T {Jefferson Mays}']);
    expect(renderPathTemplate(t, { author: 'A', title: 'T' })).toEqual(['A', 'T']);
    // Without optional parts an empty value just leaves its folder out.
    expect(renderPathTemplate(parsePathTemplate('{author}/{series}/{title}'), { author: 'A', title: 'T' })).toEqual(['A', 'T']);
    for (const bad of ['{author}', '{title}/{author}', '{nope}/{title}', '/{title}', '<{title}', '{title}>', '<<{series}>>{title}', '<x>{title}', '{title', '../{title}']) {
      expect(() => parsePathTemplate(bad), bad).toThrow(PathTemplateError);
    }
  });
});

describeWithShared('vendor/audiobookshelf-2.36.0/server/utils/scandir.js', 'what Audiobookshelf 2.36.0 reads back from our folders', () => {
  const abs = loadAbsParsers(new URL('../../../../shared/vendor/audiobookshelf-2.36.0', import.meta.url).pathname);
  const cases: [string, Partial<ImportBookInput>][] = [
    ['series, integer sequence', { series: [{ name: 'The Expanse', sequence: '1' }] }],
    ['series, decimal sequence', { series: [{ name: 'The Expanse', sequence: '2.5' }] }],
    ['series, leading zero', { series: [{ name: 'The Expanse', sequence: '007' }] }],
    ['title with " - " and a number', { title: '1984 - A Novel', series: [{ name: 'Classics', sequence: '3' }] }],
    ['standalone', {}],
    ['two authors', { authors: ['Daniel Abraham', 'Ty Franck'] }],
    ['three authors, one with initials', { authors: ['James S. A. Corey', 'Ursula K. Le Guin', 'Neil Gaiman'] }],
    ['non-ASCII', { title: 'Der Schwarm', authors: ['Frank Schätzing'], series: [{ name: 'Reihe Ü', sequence: '4' }] }],
    ['title with a colon', { title: 'Dune: Messiah', series: [{ name: 'Dune', sequence: '2' }] }],
  ];
  for (const [name, input] of cases) {
    it(name, () => {
      const b = book(input);
      const p = libraryPathFor(b);
      const parsed = abs.getBookDataFromDir(p.relPath);
      expect(parsed.asin).toBe(b.asin);
      expect(parsed.authors).toEqual(b.authors);
      expect(parsed.seriesName).toBe(b.series[0]?.name ?? null);
      expect(parsed.seriesSequence).toBe(b.series[0] ? folderSequence(b.series[0].sequence) : null);
      // A leading "YYYY - " is written with an en dash, or ABS would take it as the year and drop it from the title.
      expect(parsed.title).toBe(safeComponent(b.title).replace(/^(\d{4}) -/, '$1 \u2013'));
      expect(parsed.publishedYear).toBeNull();
    });
  }
});
