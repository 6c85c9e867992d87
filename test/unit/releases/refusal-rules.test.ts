import { describe, expect, it } from 'vitest';
import { resolvePreferences, selectRelease, type IndexerResult, type RefusalCode } from '../../../src/core/releases/index.js';
import { darkForest, result, sizeAt } from './release-factory.js';

/** Judges one result for The Dark Forest and returns its refusal (null when acceptable). */
function refusalOf(r: IndexerResult, prefs = resolvePreferences()) {
  const decision = selectRelease(darkForest, [r], prefs);
  return decision.refused[0]?.refusal ?? null;
}

function expectRefused(r: IndexerResult, code: RefusalCode, reason: string | RegExp) {
  const refusal = refusalOf(r);
  expect(refusal?.code).toBe(code);
  if (typeof reason === 'string') expect(refusal?.reason).toBe(reason);
  else expect(refusal?.reason).toMatch(reason);
}

describe('release judgement: refusal rules', () => {
  it('accepts the wanted book in any common naming', () => {
    for (const name of [
      'The Dark Forest by Cixin Liu [ENG / M4B]',
      'Cixin Liu - The Dark Forest (Unabridged) [MP3]',
      'The.Dark.Forest.Cixin.Liu.Unabridged.Audiobook.M4B',
      "Cixin Liu - Remembrance of Earth's Past 02 - The Dark Forest [MP3]",
      'Liu, Cixin - The Dark Forest (Read by P.J. Ochlan) [m4b]',
      'The Dark Forest by Cixin Liu [Unabridged] {ASIN.B00OYLMMKI}',
    ]) {
      expect(refusalOf(result(name)), name).toBeNull();
    }
  });

  it('refuses another book of the series and names it', () => {
    expectRefused(result('Death\'s End by Cixin Liu [ENG / MP3]'), 'different-book', "different book: Death's End");
  });

  it('refuses a book with a similar title by someone else', () => {
    expectRefused(result('Blake Crouch - Dark Matter (Unabridged)'), 'different-book', 'different book: Dark Matter by Blake Crouch');
  });

  it('refuses the same title by another author', () => {
    expectRefused(result('The Dark Forest by Anna Smith [ENG / M4B]'), 'different-author', 'same title, different author (Anna Smith)');
    expectRefused(
      result('The.Dark.Forest.Anna.Smith.Unabridged.Audiobook.M4B'),
      'different-author',
      'same title, different author (Anna Smith)',
    );
  });

  it('refuses a sequel whose title contains the wanted one', () => {
    const wanted = { title: 'Dune', authors: ['Frank Herbert'], series: [{ name: 'Dune', sequence: '1' }], durationMinutes: 1260 };
    for (const name of ['Dune Messiah by Frank Herbert [ENG / M4B]', 'Chapterhouse: Dune by Frank Herbert [ENG / MP3]', 'Children of Dune - Frank Herbert (1976) MP3']) {
      expect(selectRelease(wanted, [result(name)]).refused[0]?.refusal?.code, name).toBe('different-book');
    }
  });

  it('refuses ebooks, even when filed as audiobooks', () => {
    expectRefused(result('Cixin Liu - The Dark Forest [EPUB]', { sizeBytes: 3_000_000 }), 'ebook', 'ebook (EPUB)');
    expectRefused(result('Cixin Liu - The Dark Forest.pdf'), 'ebook', 'ebook (PDF)');
  });

  it('refuses non-audio categories and graphic novels', () => {
    expectRefused(result('The Dark Forest by Cixin Liu', { categories: [7000, 7020] }), 'non-audio-category', 'not an audiobook (Books)');
    expectRefused(result('The Dark Forest - The Graphic Novel (cbz)'), 'graphic-novel', 'graphic novel (CBZ)');
  });

  it('refuses summaries and young-readers adaptations', () => {
    expectRefused(result('The Dark Forest - Summary & Analysis (QuickRead) MP3'), 'summary', /^summary knock-off/);
    expectRefused(result('The Dark Forest (Young Readers Edition) - Cixin Liu [MP3]'), 'adaptation', /^adaptation/);
  });

  it('refuses another language, even with the English title', () => {
    expectRefused(result('The Dark Forest - Cixin Liu [German] Hörbuch [M4B]'), 'language', 'German-language edition ([German])');
    expectRefused(result('The Dark Forest by Cixin Liu', { language: 'fr' }), 'language', 'French-language edition');
  });

  it('refuses abridged and dramatised editions unless allowed', () => {
    expectRefused(result('Cixin Liu - The Dark Forest [Abridged] MP3'), 'abridged', 'abridged edition');
    expectRefused(result('The Dark Forest [GraphicAudio Dramatized Adaptation] - Cixin Liu MP3'), 'dramatized', /^dramatised adaptation/);
    const lenient = resolvePreferences({ allowAbridged: true, allowDramatized: true });
    expect(refusalOf(result('Cixin Liu - The Dark Forest [Abridged] MP3'), lenient)).toBeNull();
    expect(refusalOf(result('The Dark Forest [GraphicAudio Dramatized Adaptation] - Cixin Liu MP3'), lenient)).toBeNull();
  });

  it('refuses box sets, whole-series uploads and parts', () => {
    expectRefused(result("Cixin Liu - Remembrance of Earth's Past Books 1-3 [M4B]"), 'box-set', 'box set ("Books 1-3")');
    expectRefused(result("Cixin Liu - Remembrance of Earth's Past [MP3]"), 'box-set', "series collection: Remembrance of Earth's Past");
    expectRefused(result('The Dark Forest - Part 1 of 2 - Cixin Liu M4B'), 'partial', 'only part of the book ("Part 1 of 2")');
  });

  it('refuses samples by their marker or by an implausible size per hour', () => {
    expectRefused(result('Cixin Liu - The Dark Forest [M4B] Sample', { sizeBytes: sizeAt(1.5) }), 'sample', 'sample: 1.5 MB/h');
    expectRefused(result('Cixin Liu - The Dark Forest [M4B]', { sizeBytes: sizeAt(0.5) }), 'sample', 'sample: 0.5 MB/h');
    expect(refusalOf(result('Cixin Liu - The Dark Forest [M4B]', { sizeBytes: sizeAt(6) }))).toBeNull();
  });

  it('refuses tiny results and labelled samples when the runtime is unknown', () => {
    const unknown = { ...darkForest, durationMinutes: null };
    const tiny = selectRelease(unknown, [result('Cixin Liu - The Dark Forest [M4B]', { sizeBytes: 2_000_000 })]);
    expect(tiny.refused[0]?.refusal?.code).toBe('too-small');
    const preview = selectRelease(unknown, [result('Cixin Liu - The Dark Forest [M4B] - Preview', { sizeBytes: 9_000_000 })]);
    expect(preview.refused[0]?.refusal?.reason).toBe('sample: "Preview"');
  });

  it('refuses a lossy upload far too large for one book', () => {
    expectRefused(result('Cixin Liu - The Dark Forest [MP3]', { sizeBytes: sizeAt(400) }), 'too-large', 'too large for one book: 400.0 MB/h');
    expect(refusalOf(result('Cixin Liu - The Dark Forest [FLAC]', { sizeBytes: sizeAt(400) }))).toBeNull();
  });

  it('refuses dead torrents and honours the minimum seeders', () => {
    expectRefused(result('Cixin Liu - The Dark Forest [M4B]', { seeders: 0 }), 'seeders', '0 seeders');
    const picky = resolvePreferences({ minSeeders: 5 });
    expect(refusalOf(result('Cixin Liu - The Dark Forest [M4B]', { seeders: 3 }), picky)?.reason).toBe('3 seeders (minimum 5)');
    expect(refusalOf(result('Cixin Liu - The Dark Forest [M4B]', { seeders: 0, protocol: 'usenet' }))).toBeNull();
  });

  it('accepts another real title of the book only with the same author and series position', () => {
    const northernLights = {
      title: 'Northern Lights',
      authors: ['Philip Pullman'],
      series: [{ name: 'His Dark Materials', sequence: '1' }],
      durationMinutes: 660,
    };
    const same = result('Philip Pullman - His Dark Materials 01 - The Golden Compass [M4B]');
    const other = result('Philip Pullman - His Dark Materials 02 - The Subtle Knife [M4B]');
    const decision = selectRelease(northernLights, [same, other]);
    expect(decision.best?.result.guid).toBe(same.guid);
    expect(decision.refused[0]?.refusal?.reason).toBe('different book: The Subtle Knife');
  });

  it('folds UK/US spelling, number words and series words around the title', () => {
    const colour = { title: 'The Colour of Magic', authors: ['Terry Pratchett'], series: [{ name: 'Discworld', sequence: '1' }], durationMinutes: 420 };
    expect(selectRelease(colour, [result('The Color of Magic by Terry Pratchett [ENG / M4B]')]).best).not.toBeNull();
    const percy = { title: 'The Lightning Thief', authors: ['Rick Riordan'], series: [{ name: 'Percy Jackson and the Olympians', sequence: '1' }], durationMinutes: 600 };
    expect(selectRelease(percy, [result('Percy Jackson and the Lightning Thief by Rick Riordan [ENG / MP3]')]).best).not.toBeNull();
  });

  it('excuses markers the wanted title itself carries', () => {
    const wool = { title: 'Wool Omnibus', authors: ['Hugh Howey'], series: [], durationMinutes: 960 };
    expect(selectRelease(wool, [result('Hugh Howey - Wool Omnibus [M4B]', { sizeBytes: sizeAt(30, 16) })]).best).not.toBeNull();
  });

  it('reads author names in family-first order, in co-author lists, and titles that contain "by"', () => {
    expect(refusalOf(result('The Dark Forest - Liu Cixin (2015) [M4B]'))).toBeNull();
    const sleeping = { title: 'Sleeping Beauties', authors: ['Stephen King'], series: [], durationMinutes: 1500 };
    expect(selectRelease(sleeping, [result('Stephen King & Owen King - Sleeping Beauties [MP3]', { sizeBytes: sizeAt(30, 25) })]).best).not.toBeNull();
    const standBy = { title: 'Stand by Me', authors: ['Jane Doe'], series: [], durationMinutes: 300 };
    expect(selectRelease(standBy, [result('Stand by Me - Jane Doe (2019) [MP3]', { sizeBytes: sizeAt(30, 5) })]).best).not.toBeNull();
    expect(selectRelease(standBy, [result('Stand by Me by John Roe [MP3]', { sizeBytes: sizeAt(30, 5) })]).refused[0]?.refusal?.code).toBe(
      'different-author',
    );
  });

  it('takes the series\' name as a title for the whole series, with or without a generic tail', () => {
    const redRising = { title: 'Red Rising', authors: ['Pierce Brown'], series: [{ name: 'Red Rising Saga', sequence: '1' }], durationMinutes: 960 };
    const saga = selectRelease(redRising, [result('Pierce Brown - Red Rising Saga [MP3]', { sizeBytes: sizeAt(30, 16) })]);
    expect(saga.best).toBeNull();
    expect(saga.refused[0]?.refusal?.code).toBe('box-set');
    const positioned = selectRelease(redRising, [result('Pierce Brown - Red Rising 01 - Red Rising [MP3]', { sizeBytes: sizeAt(30, 16) })]);
    expect(positioned.best).not.toBeNull();
  });
});
