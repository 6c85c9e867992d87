import { describe, expect, it } from 'vitest';
import { normalizeText } from '../../../src/core/matching/index.js';
import { foldNumbers } from '../../../src/core/matching/text.js';

describe('normalizeText', () => {
  it('given different case, then the text is folded to lower case', () => {
    expect(normalizeText('The NAME of the Wind')).toBe('the name of the wind');
  });

  it('given diacritics and letters without decomposition, then they meet their ASCII spelling', () => {
    expect(normalizeText('Les Misérables')).toBe(normalizeText('Les Miserables'));
    expect(normalizeText('Stanisław Lem')).toBe('stanislaw lem');
    expect(normalizeText('Peter Høeg')).toBe('peter hoeg');
    expect(normalizeText('Süskind')).toBe('suskind');
  });

  it('given punctuation, then apostrophes vanish and other marks become single spaces', () => {
    expect(normalizeText("Howl's Moving Castle")).toBe(normalizeText('Howls Moving Castle'));
    expect(normalizeText('Thinking,  Fast   and Slow!')).toBe('thinking fast and slow');
    expect(normalizeText('The_Well_of_Ascension')).toBe('the well of ascension');
    expect(normalizeText('Bookshops & Bonedust')).toBe('bookshops and bonedust');
  });

  it('given text in another script, then its letters are kept', () => {
    expect(normalizeText('三体')).toBe('三体');
  });
});

describe('foldNumbers', () => {
  const fold = (s: string) => foldNumbers(normalizeText(s).split(' ')).join(' ');

  it('given spelled-out numbers, then they become digits', () => {
    expect(fold('One Hundred Years of Solitude')).toBe('100 years of solitude');
    expect(fold('The Forty-Eight Laws')).toBe('the 48 laws');
    expect(fold('Twelve Rules')).toBe('12 rules');
    expect(fold('Hundred-Year-Old Man')).toBe('100 year old man');
  });

  it('given ordinals in words or digits, then both read as the number', () => {
    expect(fold('The Thirteenth Tale')).toBe(fold('The 13th Tale'));
    expect(fold('Second Foundation')).toBe(fold('2nd Foundation'));
  });

  it('given two numbers side by side, then they stay two numbers', () => {
    expect(fold('one one')).toBe('1 1');
  });

  it('given the pronoun I, then it is not read as a roman numeral', () => {
    expect(fold('I, Robot')).toBe('i robot');
  });
});
