import type { ProviderBook, SeriesRef } from '../../../core/metadata/metadata-provider.port.js';
import { htmlToText, httpsUrl, languageCode, normaliseIsbn, yearOf } from '../provider-utils.js';
import type { AudnexusBook } from './audnexus.schemas.js';

export function mapAudnexusBook(book: AudnexusBook): ProviderBook {
  const series: SeriesRef[] = [];
  for (const s of [book.seriesPrimary, book.seriesSecondary]) {
    if (s) series.push({ name: s.name, sequence: s.position?.trim() || null, ...(s.asin ? { providerId: s.asin } : {}) });
  }
  return {
    provider: 'audnexus',
    providerId: book.asin,
    title: book.title,
    subtitle: book.subtitle ?? null,
    authors: book.authors.map((a) => a.name),
    narrators: (book.narrators ?? []).map((n) => n.name),
    series,
    asin: book.asin,
    isbn: book.isbn ? normaliseIsbn(book.isbn) : null,
    // `description` is plain text, `summary` HTML; older records only have the summary.
    description: book.description?.trim() || htmlToText(book.summary),
    publisher: book.publisherName ?? null,
    publishedYear: yearOf(book.releaseDate),
    language: languageCode(book.language),
    durationMinutes: book.runtimeLengthMin ?? null,
    coverUrl: httpsUrl(book.image),
    genres: (book.genres ?? []).map((g) => g.name),
  };
}
