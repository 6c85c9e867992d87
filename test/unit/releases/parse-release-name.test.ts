import { describe, expect, it } from 'vitest';
import { parseReleaseName } from '../../../src/core/releases/index.js';

describe('parseReleaseName: who and what', () => {
  it.each([
    ['The Dark Forest by Cixin Liu [ENG / M4B]', ['Cixin Liu'], 'The Dark Forest'],
    ['Colleen Hoover - Verity (Unabridged) [M4B]', ['Colleen Hoover'], 'Verity'],
    ['Verity - Colleen Hoover (2018) MP3 [Excerpt]', ['Colleen Hoover'], 'Verity'],
    ['Osman, Richard - The Thursday Murder Club (Read by Lesley Manville) [mp3]', ['Richard Osman'], 'The Thursday Murder Club'],
    ['Good Omens by Terry Pratchett, Neil Gaiman [ENG / M4B]', ['Terry Pratchett', 'Neil Gaiman'], 'Good Omens'],
    ['The Book Thief (2005) by Markus Zusak [ePub]', ['Markus Zusak'], 'The Book Thief'],
    ['Yuval Noah Harari - Sapiens.pdf', ['Yuval Noah Harari'], 'Sapiens'],
  ])('%s → authors %j, title %j', (name, authors, title) => {
    const p = parseReleaseName(name);
    expect(p.authors).toEqual(authors);
    expect(p.title).toBe(title);
  });

  it('reads series and position from "Author - Series NN - Title"', () => {
    const p = parseReleaseName("J.K. Rowling - Harry Potter 01 - Harry Potter and the Philosopher's Stone [M4B]");
    expect(p.series).toEqual({ name: 'Harry Potter', sequence: '01' });
    expect(p.title).toBe("Harry Potter and the Philosopher's Stone");
    expect(p.authors).toEqual(['J.K. Rowling']);
  });

  it('reads series and position from a "(Series #N)" group, and the year from a bare segment', () => {
    const p = parseReleaseName("The Titan's Curse (Percy Jackson and the Olympians #3) - Rick Riordan - 2007 - M4B");
    expect(p.series).toEqual({ name: 'Percy Jackson and the Olympians', sequence: '3' });
    expect(p.title).toBe("The Titan's Curse");
    expect(p.year).toBe(2007);
  });

  it('undoes scene dots and keeps format and bitrate', () => {
    const p = parseReleaseName('The.Book.Thief.Markus.Zusak.Unabridged.Audiobook.M4B.64kbps');
    expect(p.segments).toEqual(['The Book Thief Markus Zusak']);
    expect(p.format).toBe('m4b');
    expect(p.bitrateKbps).toBe(64);
    expect(p.unabridged).toBe(true);
  });

  it('takes ASIN tags, narrators in braces and underscores apart from the title', () => {
    const p = parseReleaseName('Brandon_Sanderson - Mistborn_The_Final_Empire (2006) {ASIN.B002UZMLXM} [MP3] {Michael Kramer}');
    expect(p.asin).toBe('B002UZMLXM');
    expect(p.narrators).toEqual(['Michael Kramer']);
    expect(p.title).toBe('Mistborn The Final Empire');
    expect(p.year).toBe(2006);
  });
});

describe('parseReleaseName: formats', () => {
  it.each([
    ['Emma by Jane Austen [ENG / M4B]', 'm4b', 'M4B'],
    ['The Silkworm - Robert Galbraith (2014) M4A', 'm4a', 'M4A'],
    ['Endurance - Alfred Lansing (1959) MP3 32kbps', 'mp3', 'MP3'],
    ['Endurance - Alfred Lansing (1959) FLAC', 'flac', 'FLAC'],
    ['Terry Pratchett - Guards! Guards! (Unabridged) [OGG]', 'other', 'OGG'],
    ['Blake Crouch - Recursion (Unabridged)', null, null],
  ])('%s → %s', (name, format, label) => {
    const p = parseReleaseName(name);
    expect(p.format).toBe(format);
    expect(p.formatLabel).toBe(label);
  });

  it.each([
    ['Deep Work by Cal Newport [ENG / EPUB MOBI]', ['epub', 'mobi']],
    ['Magician by Raymond E. Feist (retail) (azw3)', ['azw3']],
    ['Yuval Noah Harari - Sapiens.pdf', ['pdf']],
    ['Coraline - The Graphic Novel (cbz)', ['cbz']],
    ['The 7 Habits of Highly Effective People - Stephen R. Covey [EPUB+MOBI]', ['epub', 'mobi']],
  ])('%s → ebook formats %j', (name, formats) => {
    expect(parseReleaseName(name).ebookFormats).toEqual(formats);
  });
});

describe('parseReleaseName: language markers', () => {
  it.each([
    ['Kinder des Nebels - Brandon Sanderson [German] Hörbuch M4B', 'de'],
    ['Harry Potter und der Stein der Weisen - J.K. Rowling (Hörbuch, ungekürzt) [GER] MP3', 'de'],
    ['Sarah J. Maas - Una corte de rosas y espinas [Spanish] Audiolibro [MP3]', 'es'],
    ['Le Comte de Monte-Cristo - Alexandre Dumas [French] Livre audio MP3', 'fr'],
    ['O Alquimista - Paulo Coelho [PT-BR] Audiolivro M4B', 'pt'],
    ['Fredrik Backman - En man som heter Ove [Swedish] Ljudbok [MP3]', 'sv'],
    ['Wiedźmin - Andrzej Sapkowski [PL] Audiobook [MP3]', 'pl'],
    ['Дюна - Фрэнк Герберт [MP3]', 'ru'],
    ['The Dark Forest by Cixin Liu [ENG / M4B]', 'en'],
    ['The Dark Forest by Cixin Liu [M4B]', null],
  ])('%s → %s', (name, code) => {
    expect(parseReleaseName(name).language).toBe(code);
  });
});

describe('parseReleaseName: editions', () => {
  it('tells abridged from unabridged', () => {
    expect(parseReleaseName('Jane Austen - Pride and Prejudice [Abridged] MP3').abridged).toBe(true);
    expect(parseReleaseName('World War Z (Abridged) - Max Brooks [M4B]').abridged).toBe(true);
    const unabridged = parseReleaseName('Jane Austen - Pride and Prejudice (Unabridged) [MP3]');
    expect(unabridged.abridged).toBe(false);
    expect(unabridged.unabridged).toBe(true);
  });

  it.each([
    'The Way of Kings [GraphicAudio Dramatized Adaptation] - Brandon Sanderson MP3',
    'Pride and Prejudice - BBC Radio 4 Full-Cast Dramatisation [MP3]',
    'Good Omens (Full Cast) - Neil Gaiman [M4B]',
  ])('marks %s as dramatised', (name) => {
    expect(parseReleaseName(name).dramatized).not.toBeNull();
  });

  it.each([
    ['Marcus Aurelius - Meditations (Unabridged) [MP3] Sample', 'Sample'],
    ['Magician - Raymond E. Feist (1982) M4B - Preview', 'Preview'],
    ['Verity - Colleen Hoover (2018) MP3 [Excerpt]', 'Excerpt'],
    ['Anxious People by Fredrik Backman [M4B] (Chapter 1 only)', 'Chapter 1 only'],
  ])('marks %s as a sample', (name, marker) => {
    expect(parseReleaseName(name).sample).toBe(marker);
  });

  it('marks summaries, graphic novels and young-readers adaptations', () => {
    expect(parseReleaseName('Summary of Sapiens by Yuval Noah Harari - Readtrepreneur Publishing [MP3]').summary).not.toBeNull();
    expect(parseReleaseName('Deep Work - Summary & Analysis (Readtrepreneur Publishing) MP3').summary).not.toBeNull();
    expect(parseReleaseName('Kindred - A Graphic Novel Adaptation (cbr)').graphicNovel).not.toBeNull();
    expect(
      parseReleaseName('Unbroken.(The.Young.Adult.Adaptation).Laura.Hillenbrand.Unabridged.Audiobook.MP3').adaptation,
    ).not.toBeNull();
    expect(parseReleaseName('Laura Hillenbrand - Unbroken (Unabridged) [MP3]').adaptation).toBeNull();
  });
});

describe('parseReleaseName: multi-book and split products', () => {
  it.each([
    ['Brandon Sanderson - Mistborn Books 1-3 [MP3]', 'range'],
    ['James S.A. Corey - The Expanse 1-3 Box Set [M4B]', 'box-set'],
    ['Robert Jordan - The Wheel of Time, Boxed Set I [MP3]', 'box-set'],
    ['Terry Pratchett - Discworld Collection [M4B]', 'collection'],
    ['The Complete Sherlock Holmes by Arthur Conan Doyle [ENG / MP3]', 'complete'],
    ['Hugh Howey - Wool Omnibus [M4B]', 'omnibus'],
  ])('%s → %s', (name, kind) => {
    expect(parseReleaseName(name).collection?.kind).toBe(kind);
  });

  it('does not take a single book for a collection', () => {
    expect(parseReleaseName('Cixin Liu - The Dark Forest (Unabridged) [M4B]').collection).toBeNull();
  });

  it.each([
    ['The Dark Forest - Part 1 of 2 - Cixin Liu M4B', false],
    ['Neil Gaiman - American Gods (Part 2 of 2) [MP3]', false],
    ['Pandora\'s Star - Disc 1-6 of 12 - Peter F. Hamilton M4B', false],
    ['Pandora\'s Star - Disc 1-12 of 12 - Peter F. Hamilton M4B', true],
  ])('%s → part, whole book %s', (name, whole) => {
    expect(parseReleaseName(name).part?.whole).toBe(whole);
  });
});
