import { cleanBookTitle } from './values.js';
import type { LibraryItem, ProposedFields } from './types.js';

/**
 * A 0-100 quality score of a book's metadata: what is present, and whether title and authors read as a book's
 * (not a folder name, "Last, First" or a joined co-author string). Weights: title 25, authors 20, series 10,
 * year 10, ASIN 10, narrators 10, cover 5, description 5, publisher 3, language 2.
 */
export function qualityScore(item: LibraryItem): number {
  let score = 0;
  const title = item.title.trim();
  if (title !== '') {
    score += 10;
    const clean = cleanBookTitle(title).title === title && !/\s[-–—]\s|_/.test(title) && title !== title.toLowerCase();
    if (clean) score += 15;
  }
  if (item.authors.length > 0) {
    score += 10;
    const clean = item.authors.every((a) => !/,|;|&|\band\b|\(|\bnarrat|\btranslat/i.test(a));
    if (clean) score += 10;
  }
  score += item.series.length === 0 ? 5 : item.series.every((s) => s.sequence !== null) ? 10 : 5;
  if (item.publishedYear && /\d{4}/.test(item.publishedYear)) score += 10;
  if (item.asin) score += 10;
  if (item.narrators.length > 0) score += 10;
  if (item.coverUrl) score += 5;
  if (item.description) score += 5;
  if (item.publisher) score += 3;
  if (item.language) score += 2;
  return score;
}

/** The item as it would be with the proposed fields applied. */
export function applyFields(item: LibraryItem, fields: ProposedFields): LibraryItem {
  return {
    ...item,
    title: fields.title?.value ?? item.title,
    subtitle: fields.subtitle?.value ?? item.subtitle,
    authors: fields.authors?.value ?? item.authors,
    narrators: fields.narrators?.value ?? item.narrators,
    series: fields.series?.value ?? item.series,
    publishedYear: fields.publishedYear ? String(fields.publishedYear.value) : item.publishedYear,
    asin: fields.asin?.value ?? item.asin,
    isbn: fields.isbn?.value ?? item.isbn,
    publisher: fields.publisher?.value ?? item.publisher ?? null,
    description: fields.description?.value ?? item.description ?? null,
    coverUrl: fields.cover?.value ?? item.coverUrl ?? null,
    language: fields.language?.value ?? item.language,
  };
}
