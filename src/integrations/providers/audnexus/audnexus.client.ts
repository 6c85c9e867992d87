import { IntegrationError } from '../../http/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import { createServiceHttpClient } from '../../http/service-client.js';
import type { RawResponse } from '../../http/transport.js';
import type { LookupOptions, MetadataProvider, ProviderBook, SearchQuery } from '../../../core/metadata/metadata-provider.port.js';
import type { ProviderClientOptions } from '../provider-options.js';
import { httpOptions } from '../provider-options.js';
import { nullIfNotFound, sameName } from '../provider-utils.js';
import { mapAudnexusBook } from './audnexus.mapper.js';
import { audnexusBookSchema, audnexusErrorSchema, audnexusSearchSchema } from './audnexus.schemas.js';

export const AUDNEXUS_REGIONS = ['au', 'ca', 'de', 'es', 'fr', 'in', 'it', 'jp', 'us', 'uk'] as const;
export type AudnexusRegion = (typeof AUDNEXUS_REGIONS)[number];

/** Audnexus' own ASIN rule: B-prefixed 10 chars or ISBN-10-like (audnexus `src/config/types.ts`, asin10Regex). */
const ASIN = /^(B[0-9A-Z]{9}|\d{9}(X|\d))$/;

export interface AudnexusClientOptions extends ProviderClientOptions {
  region?: AudnexusRegion;
}

/** Audible metadata through Audnexus: by ASIN, and the live catalogue search of v1.15+ (no ISBN lookup, no series endpoint). */
export class AudnexusClient implements MetadataProvider {
  readonly name = 'audnexus' as const;
  private readonly http: HttpClient;
  private readonly region: AudnexusRegion;

  constructor(options: AudnexusClientOptions) {
    this.region = options.region ?? 'us';
    this.http = createServiceHttpClient('audnexus', { ...httpOptions(options, 'https://api.audnex.us'), retryAfter });
  }

  async getByAsin(asin: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const clean = asin.trim().toUpperCase();
    if (!ASIN.test(clean)) {
      throw new IntegrationError({ service: 'audnexus', operation: 'getByAsin', code: 'bad_request', message: `not an ASIN: ${clean.slice(0, 20)}` });
    }
    const book = await nullIfNotFound(
      this.http.request({
        operation: 'getByAsin',
        url: `books/${clean}`,
        params: { region: this.region },
        schema: audnexusBookSchema,
        cacheKey: `book:${this.region}:${clean}`,
        forceRefresh: options.forceRefresh ?? false,
      }),
    );
    return book ? mapAudnexusBook(book) : null;
  }

  async search(query: SearchQuery, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const q = [query.title, query.author].filter(Boolean).join(' ').trim();
    const books = await this.searchText(q, options);
    return books.slice(0, query.limit ?? 10);
  }

  /** The catalogue search filtered to books credited to that author (Audnexus has no author→books endpoint). */
  async getAuthorBooks(author: string, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const books = await this.searchText(author.trim(), options);
    return books.filter((b) => b.authors.some((a) => sameName(a, author)));
  }

  private async searchText(q: string, options: LookupOptions): Promise<ProviderBook[]> {
    const books = await this.http.request({
      operation: 'search',
      url: 'books/search',
      params: { q, region: this.region },
      schema: audnexusSearchSchema,
      cacheKey: `search:${this.region}:${q.toLowerCase()}`,
      forceRefresh: options.forceRefresh ?? false,
    });
    return books.map(mapAudnexusBook);
  }
}

/** 429 bodies may say how long to wait (`details.retryAfterSeconds`); the Retry-After header is read anyway. */
function retryAfter(res: RawResponse): number | undefined {
  const parsed = audnexusErrorSchema.safeParse(res.json);
  const seconds = parsed.success ? parsed.data.error.details?.retryAfterSeconds : undefined;
  return seconds === undefined ? undefined : seconds * 1000;
}
