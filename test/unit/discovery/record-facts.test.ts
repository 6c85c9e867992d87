import { describe, expect, it } from 'vitest';
import { parseDate, parsePosition } from '../../../src/core/discovery/record-facts.js';

describe('positions and dates as providers and libraries write them', () => {
  it('given positions, then singles, decimals and ranges are told apart', () => {
    expect(parsePosition('2')).toEqual({ kind: 'single', start: 2, end: 2 });
    expect(parsePosition('Book Three')).toEqual({ kind: 'single', start: 3, end: 3 });
    expect(parsePosition('1, Dramatized Adaptation')).toEqual({ kind: 'single', start: 1, end: 1 });
    expect(parsePosition('3.5')).toEqual({ kind: 'decimal', start: 3.5, end: 3.5 });
    expect(parsePosition('2,2')).toEqual({ kind: 'decimal', start: 2.2, end: 2.2 });
    expect(parsePosition('1-8')).toEqual({ kind: 'range', start: 1, end: 8 });
    expect(parsePosition('2.1-3.1')).toEqual({ kind: 'range', start: 2.1, end: 3.1 });
    expect(parsePosition('Books 1 to 3')).toEqual({ kind: 'range', start: 1, end: 3 });
    expect(parsePosition(null)).toBeNull();
    expect(parsePosition('')).toBeNull();
  });

  it('given dates, then each is the range of days it may mean, and Audible\'s placeholder is the far future', () => {
    expect(parseDate('2014-03-04T00:00:00.000Z')).toMatchObject({ start: '2014-03-04', end: '2014-03-04' });
    expect(parseDate('2024-02')).toMatchObject({ start: '2024-02-01', end: '2024-02-29' });
    expect(parseDate('2019')).toMatchObject({ start: '2019-01-01', end: '2019-12-31' });
    expect(parseDate('2200-01-01')).toMatchObject({ start: '9999-12-31' });
    expect(parseDate('unknown')).toBeNull();
  });
});
