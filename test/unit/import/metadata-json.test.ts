import { describe, expect, it } from 'vitest';
import { parseImportBook } from '../../../src/core/import/import-book.js';
import { buildMetadataJson, renderMetadataJson, seriesString } from '../../../src/core/import/metadata-json.js';
import { describeWithShared } from '../../helpers/shared-material.js';
import { loadAbsParsers } from './abs-parsers.js';

const full = parseImportBook({
  title: 'Leviathan Wakes',
  subtitle: 'The Expanse, Book 1',
  authors: ['Daniel Abraham', 'Ty Franck', 'Daniel Abraham'],
  narrators: ['Jefferson Mays'],
  series: [{ name: 'The Expanse', sequence: '1' }, { name: 'Expanse Universe', sequence: '1.5' }],
  asin: 'B0059H6MZC',
  isbn: '9780316129084',
  description: 'Humanity has colonized the solar system.',
  publishedYear: 2011,
  language: 'English',
});

describe('metadata.json builder', () => {
  it('writes every field in the shape ABS reads', () => {
    expect(buildMetadataJson(full)).toEqual({
      title: 'Leviathan Wakes',
      subtitle: 'The Expanse, Book 1',
      authors: ['Daniel Abraham', 'Ty Franck'],
      narrators: ['Jefferson Mays'],
      series: ['The Expanse #1', 'Expanse Universe #1.5'],
      publishedYear: '2011',
      description: 'Humanity has colonized the solar system.',
      isbn: '9780316129084',
      asin: 'B0059H6MZC',
      language: 'English',
    });
  });

  it('leaves out every key without a value (an empty series list would wipe the series on the first scan)', () => {
    const bare = buildMetadataJson(parseImportBook({ title: 'Alone', subtitle: '  ', authors: [], narrators: [], series: [], asin: null, publishedYear: '' }));
    expect(bare).toEqual({ title: 'Alone' });
    expect(renderMetadataJson(bare)).not.toMatch(/series|narrators|authors|null|\[\]/);
  });

  it('writes sequences ABS can split back out, noting the ones it had to cut', () => {
    const notes: string[] = [];
    expect(seriesString('Magic Tree House', '1-8')).toBe('Magic Tree House #1-8');
    expect(seriesString('Discworld', null)).toBe('Discworld');
    expect(seriesString('Dune', '#2')).toBe('Dune #2');
    expect(seriesString('Expanse', '2, Dramatized Adaptation', notes)).toBe('Expanse #2');
    expect(notes).toHaveLength(1);
  });
});

describeWithShared('vendor/audiobookshelf-2.36.0/server/utils/generators/abmetadataGenerator.js', 'what Audiobookshelf 2.36.0 reads from our metadata.json', () => {
  const abs = loadAbsParsers(new URL('../../../../shared/vendor/audiobookshelf-2.36.0', import.meta.url).pathname);

  it('reads back every value we wrote, series split into name and sequence', () => {
    const read = abs.parseMetadataJson(renderMetadataJson(buildMetadataJson(full)));
    expect(read).toEqual({
      title: 'Leviathan Wakes',
      subtitle: 'The Expanse, Book 1',
      authors: ['Daniel Abraham', 'Ty Franck'],
      narrators: ['Jefferson Mays'],
      series: [{ name: 'The Expanse', sequence: '1' }, { name: 'Expanse Universe', sequence: '1.5' }],
      publishedYear: '2011',
      description: 'Humanity has colonized the solar system.',
      isbn: '9780316129084',
      asin: 'B0059H6MZC',
      language: 'English',
    });
  });

  it('reads a range sequence and an unnumbered series as written', () => {
    const book = parseImportBook({ title: 'Box', series: [{ name: 'Magic Tree House', sequence: '1-8' }, { name: 'Discworld', sequence: null }] });
    expect(abs.parseMetadataJson(renderMetadataJson(buildMetadataJson(book)))?.series).toEqual([
      { name: 'Magic Tree House', sequence: '1-8' },
      { name: 'Discworld', sequence: null },
    ]);
  });

  it('gets no empty series or narrators from a book without them (nothing to wipe the folder values with)', () => {
    const read = abs.parseMetadataJson(renderMetadataJson(buildMetadataJson(parseImportBook({ title: 'Alone' }))));
    expect(read).toEqual({ title: 'Alone' });
  });
});
