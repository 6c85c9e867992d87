import { IntegrationError } from '../../http/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import { createServiceHttpClient } from '../../http/service-client.js';
import type { RawResponse, WireRequest } from '../../http/transport.js';
import { statusError } from '../../http/transport.js';
import type { LookupOptions, MetadataProvider, ProviderBook, SearchQuery } from '../../../core/metadata/metadata-provider.port.js';
import type { ProviderClientOptions } from '../provider-options.js';
import { httpOptions } from '../provider-options.js';
import { htmlToText, httpsUrl, languageCode, nullIfNotFound, normaliseIsbn, pickIsbn, sameName, yearOf } from '../provider-utils.js';
import type { GoogleVolume } from './google-books.schemas.js';
import { googleErrorSchema, googleVolumeSchema, googleVolumesSchema } from './google-books.schemas.js';

export interface GoogleBooksClientOptions extends ProviderClientOptions {
  /** Without a key calls draw on a shared anonymous pool that is often exhausted (janeczku/calibre-web PR #3281). */
  apiKey?: string;
}

/** Google's hard cap on maxResults (developers.google.com/books/docs/v1/reference/volumes/list). */
const MAX_RESULTS = 40;
const QUOTA_REASONS = new Set(['rateLimitExceeded', 'dailyLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded']);

/** Google Books: ISBNs, descriptions and categories as a fallback; no narrators, ASINs or series. */
export class GoogleBooksClient implements MetadataProvider {
  readonly name = 'google-books' as const;
  private readonly http: HttpClient;
  private readonly apiKey: string | undefined;

  constructor(options: GoogleBooksClientOptions) {
    this.apiKey = options.apiKey || undefined;
    this.http = createServiceHttpClient('google-books', {
      ...httpOptions(options, 'https://www.googleapis.com/books/v1'),
      secrets: this.apiKey ? [this.apiKey] : [],
      inspect,
    });
  }

  async search(query: SearchQuery, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const q = [`intitle:${query.title.trim()}`, query.author ? `inauthor:${query.author.trim()}` : ''].filter(Boolean).join(' ');
    return this.volumes('search', q, Math.min(query.limit ?? 10, MAX_RESULTS), options);
  }

  async getByIsbn(isbn: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const clean = normaliseIsbn(isbn);
    if (!clean) throw new IntegrationError({ service: 'google-books', operation: 'getByIsbn', code: 'bad_request', message: 'not an ISBN' });
    const books = await this.volumes('getByIsbn', `isbn:${clean}`, 5, options);
    return books[0] ?? null;
  }

  async getAuthorBooks(author: string, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const books = await this.volumes('getAuthorBooks', `inauthor:"${author.trim()}"`, MAX_RESULTS, options);
    return books.filter((b) => b.authors.some((a) => sameName(a, author)));
  }

  /** One volume by Google's id (descriptions there may be HTML). */
  async getVolume(id: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const volume = await nullIfNotFound(
      this.http.request({
        operation: 'getVolume',
        url: `volumes/${encodeURIComponent(id)}`,
        params: { key: this.apiKey },
        schema: googleVolumeSchema,
        cacheKey: `volume:${id}`,
        forceRefresh: options.forceRefresh ?? false,
      }),
    );
    return volume ? mapVolume(volume) : null;
  }

  private async volumes(operation: string, q: string, maxResults: number, options: LookupOptions): Promise<ProviderBook[]> {
    const body = await this.http.request({
      operation,
      url: 'volumes',
      params: { q, maxResults, printType: 'books', key: this.apiKey },
      schema: googleVolumesSchema,
      cacheKey: `volumes:${maxResults}:${q.toLowerCase()}`,
      forceRefresh: options.forceRefresh ?? false,
    });
    return (body.items ?? []).map(mapVolume);
  }
}

export function mapVolume(volume: GoogleVolume): ProviderBook {
  const info = volume.volumeInfo;
  const cover = info.imageLinks?.thumbnail ?? info.imageLinks?.smallThumbnail;
  return {
    provider: 'google-books',
    providerId: volume.id,
    title: info.title,
    subtitle: info.subtitle ?? null,
    authors: info.authors ?? [],
    narrators: [],
    series: [],
    asin: null,
    isbn: pickIsbn((info.industryIdentifiers ?? []).filter((i) => i.type.startsWith('ISBN')).map((i) => i.identifier)),
    description: htmlToText(info.description),
    publisher: info.publisher ?? null,
    publishedYear: yearOf(info.publishedDate),
    language: languageCode(info.language),
    durationMinutes: null,
    coverUrl: cover ? (httpsUrl(cover) as string).replace(/&edge=curl/g, '') : null,
    genres: info.categories ?? [],
  };
}

/** Quota exhaustion arrives as 429, 403 or even 400 with a quota reason: all of them are rate_limited, never "no results". */
function inspect(res: RawResponse, req: WireRequest): IntegrationError | undefined {
  if (res.status < 400) return undefined;
  const parsed = googleErrorSchema.safeParse(res.json);
  const reasons = parsed.success ? (parsed.data.error.errors ?? []).map((e) => e.reason ?? '') : [];
  const generic = statusError(req, res);
  if (reasons.some((r) => QUOTA_REASONS.has(r))) return generic.with({ code: 'rate_limited', retryable: true });
  if (reasons.includes('keyInvalid')) return generic.with({ code: 'auth', retryable: false });
  return undefined;
}
