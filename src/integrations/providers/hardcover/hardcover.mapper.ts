import type { ProviderBook, ProviderSeries, SeriesRef } from '../../../core/metadata/metadata-provider.port.js';
import { htmlToText, pickIsbn, positionNumber, positionText, uniqueBy } from '../provider-utils.js';
import type { HardcoverBook, HardcoverSearchDocument } from './hardcover.schemas.js';
import type { seriesDataSchema } from './hardcover.schemas.js';
import type { z } from 'zod';

type Contribution = { contribution?: string | null; author?: { name: string } | null };

/** Contribution roles: null or "Author" is an author; "Narrator" a narrator; others (translator…) neither. */
function people(contributions: readonly Contribution[] | null | undefined, role: 'author' | 'narrator'): string[] {
  return (contributions ?? [])
    .filter((c) => {
      const r = (c.contribution ?? 'author').toLowerCase();
      return role === 'author' ? r === 'author' : r === 'narrator';
    })
    .map((c) => c.author?.name)
    .filter((n): n is string => Boolean(n));
}

export function mapHardcoverBook(book: HardcoverBook, edition?: { asin?: string | null; isbn_13?: string | null }): ProviderBook {
  const series: SeriesRef[] = [...(book.book_series ?? [])]
    .sort((a, b) => Number(b.featured ?? false) - Number(a.featured ?? false))
    .filter((s) => s.series)
    .map((s) => ({
      name: s.series?.name ?? '',
      sequence: s.details?.trim() || positionText(s.position),
      providerId: String(s.series?.id),
    }));
  const audio = book.default_audio_edition;
  return {
    provider: 'hardcover',
    providerId: String(book.id),
    title: book.title,
    subtitle: book.subtitle ?? null,
    authors: people(book.contributions, 'author'),
    narrators: people(book.contributions, 'narrator'),
    series: uniqueBy(series, (s) => s.providerId ?? s.name),
    asin: edition?.asin ?? audio?.asin ?? null,
    isbn: pickIsbn([edition?.isbn_13, book.default_physical_edition?.isbn_13, audio?.isbn_13, book.default_physical_edition?.isbn_10]),
    description: htmlToText(book.description),
    publisher: null,
    publishedYear: book.release_year ?? null,
    language: null,
    durationMinutes: audio?.audio_seconds ? Math.round(audio.audio_seconds / 60) : null,
    coverUrl: null,
    genres: [],
  };
}

export function mapSearchDocument(doc: HardcoverSearchDocument): ProviderBook {
  const authors = people(doc.contributions, 'author');
  const seriesName = doc.series_names?.[0];
  return {
    provider: 'hardcover',
    providerId: doc.id,
    title: doc.title,
    subtitle: doc.subtitle ?? null,
    authors: authors.length > 0 ? authors : (doc.author_names ?? []),
    narrators: people(doc.contributions, 'narrator'),
    series: seriesName ? [{ name: seriesName, sequence: positionText(doc.featured_series_position) }] : [],
    asin: null,
    isbn: pickIsbn(doc.isbns ?? []),
    description: htmlToText(doc.description),
    publisher: null,
    publishedYear: doc.release_year ?? null,
    language: null,
    durationMinutes: doc.audio_seconds ? Math.round(doc.audio_seconds / 60) : null,
    coverUrl: null,
    genres: doc.genres ?? [],
  };
}

export function mapSeries(data: z.infer<typeof seriesDataSchema>['series'][number]): ProviderSeries {
  const members = data.book_series.map((m) => ({
    position: m.details?.trim() || positionText(m.position),
    positionNumber: m.position ?? positionNumber(m.details),
    title: m.book.title,
    providerId: String(m.book.id),
    publishedYear: m.book.release_year ?? null,
  }));
  members.sort((a, b) => (a.positionNumber ?? Number.POSITIVE_INFINITY) - (b.positionNumber ?? Number.POSITIVE_INFINITY));
  return {
    provider: 'hardcover',
    providerId: String(data.id),
    name: data.name,
    members: uniqueBy(members, (m) => (m.positionNumber === null ? `id:${m.providerId}` : `pos:${m.positionNumber}`)),
  };
}
