import { describe, expect, it } from 'vitest';
import { noAcceptableSummary, searchQueries } from '../../../src/core/acquisition/search-plan.js';
import { selectRelease, type WantedBook } from '../../../src/core/releases/index.js';
import { result, sizeAt } from '../releases/release-factory.js';

const leviathan: WantedBook = {
  title: 'Leviathan Wakes: The Expanse, Book 1',
  authors: ['James S. A. Corey'],
  series: [{ name: 'The Expanse', sequence: '1' }],
  durationMinutes: 1_200,
};

describe('search plan', () => {
  it('asks "author title", the title alone, the bare title, then series and position, in that order', () => {
    expect(searchQueries(leviathan)).toEqual([
      'James S. A. Corey Leviathan Wakes: The Expanse, Book 1',
      'Leviathan Wakes: The Expanse, Book 1',
      'Leviathan Wakes',
      'The Expanse 1',
    ]);
  });

  it('asks each distinct query once, and skips what the book does not have', () => {
    expect(searchQueries({ title: 'Dune', authors: [], series: [] })).toEqual(['Dune']);
    expect(searchQueries({ title: 'Dune (Unabridged)', authors: ['Frank Herbert'], series: [{ name: 'Dune', sequence: null }] })).toEqual([
      'Frank Herbert Dune (Unabridged)',
      'Dune (Unabridged)',
      'Dune',
    ]);
  });
});

describe('why nothing was grabbed', () => {
  it('counts the refusals by reason over every query, the most frequent first', () => {
    const book: WantedBook = { title: 'Project Hail Mary', authors: ['Andy Weir'], series: [], durationMinutes: 970 };
    const first = selectRelease(book, [
      result('Andy Weir - The Martian [M4B]', { sizeBytes: sizeAt(64, 16) }),
      result('Andy Weir - Artemis [M4B]', { sizeBytes: sizeAt(64, 16) }),
      result('Andy Weir - Project Hail Mary (EPUB)', { categories: [7020], sizeBytes: 3_000_000 }),
    ]);
    const second = selectRelease(book, [result('Andy Weir - Project Hail Mary [M4B]', { seeders: 0, sizeBytes: sizeAt(64, 16) })]);
    expect(first.best).toBeNull();
    expect(second.best).toBeNull();
    const line = noAcceptableSummary([first, second]);
    expect(line).toMatch(/^no acceptable release among 4 results: 2 other books, /);
    expect(line).toContain('with too few seeders');
  });

  it('says "no results" when the indexers had nothing', () => {
    expect(noAcceptableSummary([selectRelease(leviathan, [])])).toBe('no results');
  });
});
