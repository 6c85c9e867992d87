import type { ProviderBook, ProviderName } from './metadata-provider.port.js';
import type { CandidateSource, MetadataCandidate } from './types.js';

const SOURCE: Record<ProviderName, CandidateSource> = {
  audnexus: 'audnexus',
  hardcover: 'hardcover',
  'google-books': 'googleBooks',
  'open-library': 'openLibrary',
};

/** A provider's book (the port's shape) as a candidate of the decision; its ref is "<source>:<provider id>". */
export function candidateFromProviderBook(book: ProviderBook): MetadataCandidate {
  const source = SOURCE[book.provider];
  return {
    ref: `${source}:${book.providerId}`,
    source,
    title: book.title,
    subtitle: book.subtitle,
    authors: book.authors,
    narrators: book.narrators,
    series: book.series.map((s) => ({ name: s.name, sequence: s.sequence })),
    asin: book.asin,
    isbn: book.isbn,
    publishedYear: book.publishedYear,
    durationMinutes: book.durationMinutes,
    language: book.language,
    format: book.format ?? null,
    publisher: book.publisher,
    description: book.description,
    coverUrl: book.coverUrl,
  };
}
