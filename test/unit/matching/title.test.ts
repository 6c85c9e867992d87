import { describe, expect, it } from 'vitest';
import { normalizeTitle, titleKey, titleSimilarity } from '../../../src/core/matching/index.js';

describe('normalizeTitle', () => {
  it('given case and a leading article, then only the comparable core remains', () => {
    expect(normalizeTitle('THE NAME OF THE WIND')).toBe('name of the wind');
    expect(normalizeTitle('A Darker Shade of Magic')).toBe(normalizeTitle('Darker Shade of Magic'));
  });

  it('given a trailing article from a sorted folder name, then it is read as leading', () => {
    expect(normalizeTitle('Name of the Wind, The')).toBe('name of the wind');
    expect(normalizeTitle('Adventures_of_Huckleberry_Finn_The')).toBe('adventures of huckleberry finn');
  });

  it('given scanner markers and years in brackets, then they are dropped', () => {
    expect(normalizeTitle('Project Hail Mary (Unabridged)')).toBe('project hail mary');
    expect(normalizeTitle('Project Hail Mary [Audiobook] (2021)')).toBe('project hail mary');
    expect(normalizeTitle('Emma (TV Tie-in Edition)')).toBe('emma');
  });

  it('given a year that is the title, then it is kept', () => {
    expect(normalizeTitle('1984')).toBe('1984');
    expect(normalizeTitle('2001: A Space Odyssey')).toContain('2001');
  });

  it('given folder-style names, then author, series and track prefixes are dropped', () => {
    expect(normalizeTitle('Kingkiller Chronicle 01 - The Name of the Wind')).toBe('name of the wind');
    expect(normalizeTitle('03 - The Slow Regard of Silent Things')).toBe('slow regard of silent things');
    expect(normalizeTitle('Book 2 - The Wise Mans Fear')).toBe('wise mans fear');
  });

  it('given a series suffix in brackets or after a colon, then it is dropped', () => {
    expect(normalizeTitle('Red Rising (Red Rising Saga #1)')).toBe('red rising');
    expect(normalizeTitle('The Fifth Season (The Broken Earth, Book 1)')).toBe('5 season');
    expect(normalizeTitle('The Fifth Season: The Broken Earth, Book 1')).toBe('5 season');
  });

  it('given a subtitle after a colon, then the core is the title before it', () => {
    expect(normalizeTitle('Educated: A Memoir')).toBe('educated');
    expect(normalizeTitle('Sapiens: A Brief History of Humankind')).toBe('sapiens');
  });

  it('given a series prefix before a colon, then the core is the book title', () => {
    expect(normalizeTitle('Mistborn: The Well of Ascension')).toBe('well of ascension');
  });

  it('given numbers written as words or digits, then they read the same', () => {
    expect(normalizeTitle('Fahrenheit Four Hundred Fifty-One')).toBe(normalizeTitle('Fahrenheit 451'));
    expect(normalizeTitle('Around the World in Eighty Days')).toBe(normalizeTitle('Around the World in 80 Days'));
  });

  it('given volume wording, then "Vol. 3", "Volume 3" and "v03" read the same', () => {
    expect(normalizeTitle('Berserk Vol. 3')).toBe(normalizeTitle('Berserk Volume 3'));
    expect(normalizeTitle('Berserk v03')).toBe(normalizeTitle('Berserk, Vol. 3'));
    expect(normalizeTitle('Berserk v03')).not.toBe(normalizeTitle('Berserk v04'));
  });

  it('given UK and US spelling, then they read the same', () => {
    expect(normalizeTitle('The Colour of Magic')).toBe(normalizeTitle('The Color of Magic'));
    expect(normalizeTitle('The Centre Cannot Hold')).toBe(normalizeTitle('The Center Cannot Hold'));
    expect(normalizeTitle('Theatre of the Gods')).toBe(normalizeTitle('Theater of the Gods'));
  });
});

describe('titleKey', () => {
  it('given numbers in words, digits or with thousands separators, then the keys are equal', () => {
    expect(titleKey('Twenty Thousand Leagues Under the Sea')).toBe(titleKey('20,000 Leagues Under the Sea'));
    expect(titleKey('The Ten Thousand Doors of January')).toBe(titleKey('The 10,000 Doors of January'));
    expect(titleKey('Nineteen Eighty-Four')).toBe(titleKey('1984'));
    expect(titleKey('Fahrenheit Four Fifty-One')).toBe(titleKey('Fahrenheit 451'));
    expect(titleKey('Catch Twenty-Two')).toBe(titleKey('Catch-22'));
    expect(titleKey('The Hundred and One Dalmatians')).toBe(titleKey('101 Dalmatians'));
    expect(titleKey('1,000,000 Words')).toBe('1000000 words');
  });

  it('given commas that are not thousands separators, then they stay word breaks', () => {
    expect(titleKey('1,2,3')).toBe('1 2 3');
    expect(titleKey('Songs 1,20')).toBe('songs 1 20');
    expect(titleKey('3,1415')).toBe('3 1415');
    expect(titleKey('Pi is 3.141,592')).toBe('pi is 3 141 592');
  });

  it('given different numbers, then the keys differ', () => {
    expect(titleKey('Nineteen Eighty-Four')).not.toBe(titleKey('1985'));
    expect(titleKey('Catch-22')).not.toBe(titleKey('Catch-23'));
    expect(titleKey('2001: A Space Odyssey')).not.toBe(titleKey('2010: Odyssey Two'));
  });
});

describe('titleSimilarity', () => {
  it('given the same title written differently, then similarity is 1', () => {
    expect(titleSimilarity('Way of Kings, The (Unabridged)', 'The Way of Kings')).toBe(1);
    expect(titleSimilarity('Leviathan Wakes', 'The Expanse 01 - Leviathan Wakes')).toBe(1);
  });

  it('given a sequel sharing words, then similarity is below 1', () => {
    const s = titleSimilarity('Leviathan Wakes', 'Leviathan Falls');
    expect(s).toBeGreaterThan(0);
    expect(s).toBeLessThan(1);
  });

  it('given unrelated titles, then similarity is 0', () => {
    expect(titleSimilarity('Dune', 'Neuromancer')).toBe(0);
  });

  it('given "Chapterhouse: Dune", then it is not read as "Dune"', () => {
    expect(titleSimilarity('Chapterhouse: Dune', 'Dune')).toBeLessThan(1);
  });
});
