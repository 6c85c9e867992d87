import { describe, expect, it } from 'vitest';
import { compareBooks, isbn10To13, normalizeAsin, normalizeIsbn } from '../../../src/core/matching/index.js';

describe('ISBN normalisation', () => {
  it('given an ISBN-10 with hyphens, then it becomes the equivalent ISBN-13', () => {
    expect(normalizeIsbn('0-306-40615-2')).toBe('9780306406157');
    expect(isbn10To13('0306406152')).toBe('9780306406157');
  });

  it('given an ISBN-10 ending in X, then it converts', () => {
    expect(normalizeIsbn('080442957X')).toBe('9780804429573');
  });

  it('given an ISBN-13 with a prefix and spaces, then the digits remain', () => {
    expect(normalizeIsbn('ISBN 978 0 306 40615 7')).toBe('9780306406157');
  });

  it('given a wrong check digit or a non-ISBN, then there is no ISBN', () => {
    expect(normalizeIsbn('0306406153')).toBeNull();
    expect(normalizeIsbn('9780306406158')).toBeNull();
    expect(normalizeIsbn('hello')).toBeNull();
  });
});

describe('ASIN normalisation', () => {
  it('given a lower-case ASIN with spaces, then it is upper-cased', () => {
    expect(normalizeAsin(' b00aaaaaaa ')).toBe('B00AAAAAAA');
  });

  it('given something that is not ten characters, then there is no ASIN', () => {
    expect(normalizeAsin('B00')).toBeNull();
  });
});

describe('identifiers decide a comparison', () => {
  const base = { title: 'Project Hail Mary', authors: ['Andy Weir'] };

  it('given the same ASIN on differently written records, then they are the same', () => {
    const r = compareBooks({ ...base, title: 'PHM', asin: 'B08G9PRS1K' }, { ...base, asin: 'b08g9prs1k' });
    expect(r.same).toBe(true);
    expect(r.reasons).toContain('asin-equal');
  });

  it('given the same title but different ASINs, then they are different editions', () => {
    const r = compareBooks({ ...base, asin: 'B08G9PRS1K' }, { ...base, asin: 'B08GB58KD5' });
    expect(r.same).toBe(false);
  });

  it('given ISBN-10 on one side and the matching ISBN-13 on the other, then they are the same', () => {
    const r = compareBooks({ ...base, title: 'x', isbn: '0-306-40615-2' }, { ...base, isbn: '9780306406157' });
    expect(r.same).toBe(true);
  });

  it('given an identifier on one side only, then the text decides', () => {
    expect(compareBooks({ ...base, asin: 'B08G9PRS1K' }, base).same).toBe(true);
    expect(compareBooks({ ...base, asin: 'B08G9PRS1K' }, { title: 'Artemis', authors: ['Andy Weir'] }).same).toBe(false);
  });
});
