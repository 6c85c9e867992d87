import { cleanTitle } from '../matching/index.js';
import type { RefusalCode, ReleaseDecision, WantedBook } from '../releases/index.js';

/**
 * The indexer queries for a wanted book, tried in order until one gives an acceptable release: "author title" (the
 * most precise), the title alone (indexers that file the author elsewhere), the title without its subtitle or series
 * text ("Leviathan Wakes: The Expanse, Book 1" → "Leviathan Wakes"), then the series and position ("The Expanse 1",
 * for releases named only after the series). Equal queries are asked once.
 */
export function searchQueries(book: Pick<WantedBook, 'title' | 'subtitle' | 'authors' | 'series'>): string[] {
  const queries: string[] = [];
  const add = (q: string) => {
    const text = q.replace(/\s+/g, ' ').trim();
    if (text !== '' && !queries.some((x) => x.toLowerCase() === text.toLowerCase())) queries.push(text);
  };
  const author = book.authors[0];
  const title = book.title.trim();
  if (author) add(`${author} ${title}`);
  add(title);
  add(bareTitle(title));
  const series = book.series.find((s) => s.sequence);
  if (series) add(`${series.name} ${series.sequence}`);
  return queries;
}

/** The title without bracketed parts, a subtitle after a colon, or series text after a dash. */
function bareTitle(title: string): string {
  const { text } = cleanTitle(title);
  return text.split(/\s*[:–—]\s+|\s+-\s+/)[0] ?? text;
}

const WORDS: Record<RefusalCode, [one: string, many: string]> = {
  'non-audio-category': ['not in an audiobook category', 'not in an audiobook category'],
  ebook: ['ebook', 'ebooks'],
  'graphic-novel': ['graphic novel', 'graphic novels'],
  summary: ['summary', 'summaries'],
  adaptation: ['adaptation', 'adaptations'],
  sample: ['sample', 'samples'],
  'too-small': ['too small for the book', 'too small for the book'],
  'too-large': ['too large', 'too large'],
  partial: ['part of the book only', 'parts of the book only'],
  'box-set': ['box set', 'box sets'],
  abridged: ['abridged', 'abridged'],
  dramatized: ['dramatized', 'dramatized'],
  language: ['in another language', 'in other languages'],
  'different-book': ['other book', 'other books'],
  'different-author': ['by another author', 'by other authors'],
  seeders: ['with too few seeders', 'with too few seeders'],
};

/**
 * Why nothing could be grabbed, in one line for the failure record and the notification: "no acceptable release
 * among 14 results: 9 other books, 3 ebooks, 2 with too few seeders" (the most frequent reasons first).
 */
export function noAcceptableSummary(decisions: readonly ReleaseDecision[]): string {
  const total = decisions.reduce((n, d) => n + d.acceptable.length + d.refused.length, 0);
  if (total === 0) return 'no results';
  const counts = new Map<RefusalCode, number>();
  for (const d of decisions) for (const r of d.refused) if (r.refusal) counts.set(r.refusal.code, (counts.get(r.refusal.code) ?? 0) + 1);
  const parts = [...counts]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([code, n]) => `${n} ${WORDS[code][n === 1 ? 0 : 1]}`);
  return `no acceptable release among ${total} result${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}
