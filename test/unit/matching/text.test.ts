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
    expect(fold('Three Two One Contact')).toBe('3 2 1 contact');
  });

  it('given compound numbers up to the thousands, then they become one number', () => {
    expect(fold('Twenty Thousand Leagues')).toBe('20000 leagues');
    expect(fold('Three Thousand Two Hundred Fifty-Six')).toBe('3256');
    expect(fold('Two Thousand Five Hundred')).toBe('2500');
    expect(fold('Twenty-Five Hundred Miles')).toBe('2500 miles');
  });

  it('given "and" inside a number, then it is part of it; elsewhere it stays a word', () => {
    expect(fold('The Hundred and One Dalmatians')).toBe('the 101 dalmatians');
    expect(fold('A Thousand and One Nights')).toBe('a 1001 nights');
    expect(fold('Two Thousand and Twelve')).toBe('2012');
    expect(fold('One and Only')).toBe('1 and only');
    expect(fold('A Hundred and Sixty Acres and Two Mules')).toBe('a 160 acres and 2 mules');
    expect(fold('Hundred and Change')).toBe('100 and change');
  });

  it('given two numbers said the way years and short numbers are, then they are one number', () => {
    expect(fold('Nineteen Eighty-Four')).toBe('1984');
    expect(fold('Fahrenheit Four Fifty-One')).toBe('fahrenheit 451');
    expect(fold('Nineteen Seventeen')).toBe('1917');
    expect(fold('Seven Eleven')).toBe('711');
  });

  it('given three spoken numbers or a number word beside digits, then none is paired', () => {
    expect(fold('Eleven Twenty-Two Sixty-Three')).toBe('11 22 63');
    expect(fold('2 Nineteen Eighty')).toBe('2 19 80');
    // The second number must be 10..99 and neither may carry "hundred"/"thousand" or be an ordinal.
    expect(fold('Twenty One')).toBe('21');
    expect(fold('One Hundred Twenty')).toBe('120');
    expect(fold('Fifth Twenty')).toBe('5 20');
  });

  it('given the pronoun I, then it is not read as a roman numeral', () => {
    expect(fold('I, Robot')).toBe('i robot');
  });
});
