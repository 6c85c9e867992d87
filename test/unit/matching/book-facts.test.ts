import { describe, expect, it } from 'vitest';
import { bookFacts, compareBooks, sameSeriesName, sharesAuthor } from '../../../src/core/matching/index.js';

describe('book facts for callers that decide about one record', () => {
  it('given a record, then its product kinds and every series position it claims are read as compareBooks reads them', () => {
    const f = bookFacts({ title: 'The Horse and His Boy', subtitle: 'Book Three of The Chronicles of Narnia', authors: ['C. S. Lewis'] });
    expect(f.series).toContainEqual({ name: ['chronicles', 'of', 'narnia'], sequence: 3 });
    expect(bookFacts({ title: 'Ninth House (Alex Stern, #1)', authors: [] }).series).toContainEqual({ name: ['alex', 'stern'], sequence: 1 });
    expect(bookFacts({ title: 'The Way of Kings', subtitle: 'Part Two', authors: [] }).kinds).toContain('split-part');
    expect(bookFacts({ title: 'Mistborn Trilogy Boxed Set', authors: [] }).kinds).toContain('collection');
    expect(bookFacts({ title: 'Pride and Prejudice', subtitle: 'Abridged', authors: [] }).kinds).toContain('abridged');
    expect(bookFacts({ title: 'The Way of Kings', authors: ['Brandon Sanderson'] }).kinds).toEqual([]);
  });

  it('given series names as libraries and providers write them, then they meet loosely, initials of a "… Series" name too', () => {
    expect(sameSeriesName('Stormlight Archive', 'The Stormlight Archive')).toBe(true);
    expect(sameSeriesName('WoT', 'The Wheel of Time Series')).toBe(true);
    expect(sameSeriesName('Percy Jackson', 'Percy Jackson and the Olympians')).toBe(true);
    expect(sameSeriesName('Villains', 'Warriors: The New Prophecy')).toBe(false);
  });

  it('given author lists, then one shared person is enough and initials are folded', () => {
    expect(sharesAuthor(['VE Schwab'], ['V. E. Schwab'])).toBe(true);
    expect(sharesAuthor(['Sanderson, Brandon', 'Michael Kramer'], ['Brandon Sanderson'])).toBe(true);
    expect(sharesAuthor(['Serena Valentino'], ['V.E. Schwab'])).toBe(false);
  });

  it('given an Open Library title with " / Author", then it is the book; a slash title by someone else is left alone', () => {
    expect(compareBooks({ title: 'The Screwtape Letters / C.S. Lewis', authors: ['C.S. Lewis'] }, { title: 'The Screwtape Letters', authors: ['C. S. Lewis'] }).same).toBe(true);
    expect(compareBooks({ title: 'Either / Or', authors: ['Søren Kierkegaard'] }, { title: 'Either', authors: ['Søren Kierkegaard'] }).same).toBe(false);
  });
});
