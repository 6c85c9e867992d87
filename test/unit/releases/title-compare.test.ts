import { describe, expect, it } from 'vitest';
import { titleKey } from '../../../src/core/matching/index.js';
import { selectRelease, type WantedBook } from '../../../src/core/releases/index.js';
import { indexOfRun, seriesKey } from '../../../src/core/releases/title-compare.js';
import { result } from './release-factory.js';

const wanted = (title: string, author: string): WantedBook => ({ title, authors: [author], series: [], durationMinutes: 600 });

/** Whether release selection takes `name` for the wanted book (identity only: size, format and seeders are healthy). */
function takes(book: WantedBook, name: string): boolean {
  return selectRelease(book, [result(name)]).best !== null;
}

describe('release comparison uses the matcher\'s one title key', () => {
  it('numbers in words, digits and with separators name the same book', () => {
    expect(takes(wanted('Twenty Thousand Leagues Under the Sea', 'Jules Verne'), 'Jules Verne - 20,000 Leagues Under the Sea [M4B]')).toBe(true);
    expect(takes(wanted('20,000 Leagues Under the Sea', 'Jules Verne'), 'Twenty Thousand Leagues Under the Sea by Jules Verne [ENG / MP3]')).toBe(true);
    expect(takes(wanted('Nineteen Eighty-Four', 'George Orwell'), 'George Orwell - 1984 (Unabridged) [M4B]')).toBe(true);
    expect(takes(wanted('Fahrenheit 451', 'Ray Bradbury'), 'Fahrenheit Four Fifty-One by Ray Bradbury [M4B]')).toBe(true);
    expect(takes(wanted('Catch-22', 'Joseph Heller'), 'Joseph Heller - Catch Twenty-Two [MP3]')).toBe(true);
  });

  it('another number is another book', () => {
    expect(takes(wanted('Catch-22', 'Joseph Heller'), 'Joseph Heller - Closing Time [MP3]')).toBe(false);
    expect(takes(wanted('2001: A Space Odyssey', 'Arthur C. Clarke'), 'Arthur C. Clarke - 2010: Odyssey Two [M4B]')).toBe(false);
  });

  it('UK and US spellings and a leading article meet', () => {
    expect(takes(wanted('The Colour of Magic', 'Terry Pratchett'), 'Terry Pratchett - Color of Magic [M4B]')).toBe(true);
    expect(takes(wanted('The Centre Cannot Hold', 'Elyn R. Saks'), 'The Center Cannot Hold by Elyn R. Saks [M4B]')).toBe(true);
  });

  it('finds a title as a run of whole words and drops generic series tails', () => {
    expect(indexOfRun(['percy', 'jackson', 'and', 'lightning', 'thief'], ['lightning', 'thief'])).toBe(3);
    expect(indexOfRun(['lightning'], ['lightning', 'thief'])).toBe(-1);
    expect(seriesKey('The Wheel of Time Series')).toBe(seriesKey('Wheel of Time'));
    expect(seriesKey('The Red Rising Saga')).toBe(titleKey('Red Rising'));
  });
});
