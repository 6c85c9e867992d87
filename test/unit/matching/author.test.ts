import { describe, expect, it } from 'vitest';
import { parseContributors } from '../../../src/core/matching/author.js';
import { authorsOverlap, normalizeAuthorName, splitAuthors } from '../../../src/core/matching/index.js';

describe('normalizeAuthorName', () => {
  it('given initials with or without dots and spaces, then they read the same', () => {
    const forms = ['N.K. Jemisin', 'N. K. Jemisin', 'NK Jemisin', 'N K Jemisin', 'Jemisin, N.K.'];
    for (const f of forms) expect(normalizeAuthorName(f)).toBe('n k jemisin');
  });

  it('given "Last, First", then the name is turned around', () => {
    expect(normalizeAuthorName('Rothfuss, Patrick')).toBe('patrick rothfuss');
    expect(normalizeAuthorName('Le Guin, Ursula K.')).toBe('ursula k le guin');
    expect(normalizeAuthorName('García Márquez, Gabriel')).toBe('gabriel garcia marquez');
  });

  it('given a role marker, then only the name remains', () => {
    expect(normalizeAuthorName('Michael Kramer (Narrator)')).toBe('michael kramer');
  });

  it('given a generational suffix (Jr., III, père, fils), then it does not separate the person', () => {
    expect(authorsOverlap(['Alexandre Dumas père'], ['Alexandre Dumas'])).toBe(1);
    expect(authorsOverlap(['Martin Luther King, Jr.'], ['Martin Luther King Jr.'])).toBe(1);
  });
});

describe('splitAuthors', () => {
  it('given co-authors joined in one string, then each is separate', () => {
    expect(splitAuthors('Douglas Preston and Lincoln Child')).toEqual(['Douglas Preston', 'Lincoln Child']);
    expect(splitAuthors('Douglas Preston & Lincoln Child')).toEqual(['Douglas Preston', 'Lincoln Child']);
    expect(splitAuthors('Douglas Preston; Lincoln Child')).toEqual(['Douglas Preston', 'Lincoln Child']);
    expect(splitAuthors('Douglas Preston, Lincoln Child')).toEqual(['Douglas Preston', 'Lincoln Child']);
  });

  it('given an inverted name, then the comma does not split it', () => {
    expect(splitAuthors(['Preston, Douglas', 'Child, Lincoln'])).toEqual(['Preston, Douglas', 'Child, Lincoln']);
    expect(splitAuthors('Le Guin, Ursula K.')).toEqual(['Le Guin, Ursula K.']);
  });

  it('given a narrator or translator marked as such, then it is not an author', () => {
    expect(splitAuthors(['Patrick Rothfuss', 'Nick Podehl (Narrator)', 'translated by Ken Liu'])).toEqual(['Patrick Rothfuss']);
  });
});

describe('authorsOverlap', () => {
  it('given co-authors in another order, then they overlap fully', () => {
    expect(authorsOverlap(['Lincoln Child', 'Douglas Preston'], ['Preston, Douglas', 'Child, Lincoln'])).toBe(1);
  });

  it('given a narrator mixed into the library author field, then the overlap stays full', () => {
    expect(authorsOverlap(['Patrick Rothfuss', 'Nick Podehl'], ['Patrick Rothfuss'])).toBe(1);
  });

  it('given only the first co-author on one side, then they still overlap', () => {
    expect(authorsOverlap(['Douglas Preston'], ['Douglas Preston', 'Lincoln Child'])).toBe(1);
  });

  it('given a middle initial on one side only, then it is the same person', () => {
    expect(authorsOverlap(['Iain Banks'], ['Iain M. Banks'])).toBe(1);
  });

  it('given a name written family-name first, then it is the same person', () => {
    expect(authorsOverlap(['Liu Cixin'], ['Cixin Liu'])).toBe(1);
  });

  it('given relatives sharing a surname, then they are different people', () => {
    expect(authorsOverlap(['Brian Herbert'], ['Frank Herbert'])).toBe(0);
    expect(authorsOverlap(['J. Herbert'], ['Frank Herbert'])).toBe(0);
  });

  it('given nobody in common, then the overlap is 0', () => {
    expect(authorsOverlap(['Robert Galbraith'], ['J.K. Rowling'])).toBe(0);
    expect(authorsOverlap([], ['J.K. Rowling'])).toBe(0);
  });
});

describe('illustrators and adapters in the author field', () => {
  it('given role credits, then they are not authors but are read as contributors', () => {
    expect(splitAuthors(['Herman Melville', 'Eric Kincaid (Adapter)'])).toEqual(['Herman Melville']);
    expect(splitAuthors('Herman Melville, Adapted by Eric Kincaid')).toEqual(['Herman Melville']);
    expect(parseContributors(['Herman Melville', 'Eric Kincaid (Adapter)'])).toEqual({
      persons: [{ full: 'eric kincaid', surname: 'kincaid', given: 'eric' }],
      adapter: true,
    });
    expect(parseContributors('J. K. Rowling; Illustrated by Jim Kay').adapter).toBe(false);
    expect(parseContributors('J. K. Rowling; Illustrated by Jim Kay').persons.map((p) => p.full)).toEqual(['jim kay']);
    expect(parseContributors(['Art Spiegelman'])).toEqual({ persons: [], adapter: false });
  });
});
