import type { BookSeed } from './abs.model.js';

const FIRST = ['Ursula', 'Brandon', 'Carla', 'Terry', 'Naomi', 'Iain', 'Octavia', 'Robin', 'Joe', 'Ann', 'Becky', 'Adrian'];
const LAST = ['Example', 'Testson', 'Newcomer', 'Fakeley', 'Mockwood', 'Stubbs', 'Placeholder', 'Sampleton', 'Dummer', 'Fixture'];
const WORDS = ['Quiet', 'Harbor', 'Starlight', 'Ledger', 'Iron', 'Garden', 'Hollow', 'Crown', 'Ember', 'Tide', 'Glass', 'River', 'Winter', 'Orchard', 'Signal', 'Lantern'];
const GENRES = ['Fantasy', 'Science Fiction', 'Mystery', 'History', 'Thriller'];

/**
 * N deterministic books: ~40 authors, every third book in a series (sequence as a string, some decimals), some ASINs.
 * Titles are unique so tests and benchmarks can look books up by title.
 */
export function generateBooks(count: number, offset = 0): BookSeed[] {
  const books: BookSeed[] = [];
  for (let k = offset; k < offset + count; k += 1) {
    const author = `${FIRST[k % FIRST.length]} ${LAST[Math.floor(k / FIRST.length) % LAST.length]}`;
    const title = `The ${WORDS[k % WORDS.length]} ${WORDS[Math.floor(k / WORDS.length) % WORDS.length]} ${k + 1}`;
    const inSeries = k % 3 === 0;
    books.push({
      title,
      authors: [author],
      narrators: k % 2 === 0 ? [`Narrator ${k % 7}`] : [],
      series: inSeries ? [{ name: `${LAST[k % LAST.length]} Chronicles`, sequence: k % 9 === 0 ? `${(k % 5) + 1}.5` : String((k % 5) + 1) }] : [],
      genres: [GENRES[k % GENRES.length]!],
      publishedYear: String(1990 + (k % 35)),
      asin: k % 4 === 0 ? `B0${String(k).padStart(8, '0')}` : null,
      isbn: k % 5 === 0 ? `978${String(k).padStart(10, '0')}` : null,
      durationSec: 3600 + k,
      sizeBytes: 50_000_000 + k,
      addedAt: 1_795_248_300_000 + k * 1000,
    });
  }
  return books;
}
