import { describe, expect, it } from 'vitest';
import { parseSequence } from '../../../src/core/matching/index.js';

describe('parseSequence', () => {
  it.each([
    ['1', 1],
    ['01', 1],
    ['1.5', 1.5],
    ['3.0', 3],
    ['#3', 3],
    ['Book One', 1],
    ['Book Six', 6],
    ['Book Zero', 0],
    ['I', 1],
    ['IV', 4],
    ['XII', 12],
    ['twenty-one', 21],
    ['1, Dramatized Adaptation', 1],
    ['Vol. 7', 7],
  ])('given %j, then the position is %d', (input, expected) => {
    expect(parseSequence(input)).toBe(expected);
  });

  it.each([null, undefined, '', 'Omnibus'])('given %j, then there is no position', (input) => {
    expect(parseSequence(input)).toBeNull();
  });
});
