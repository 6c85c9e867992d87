import { z } from 'zod';
import { IntegrationError } from '../../http/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import { createServiceHttpClient } from '../../http/service-client.js';
import type { RawResponse, WireRequest } from '../../http/transport.js';
import { statusError } from '../../http/transport.js';
import type { LookupOptions, MetadataProvider, ProviderBook, ProviderSeries, SearchQuery } from '../../../core/metadata/metadata-provider.port.js';
import type { ProviderClientOptions } from '../provider-options.js';
import { httpOptions } from '../provider-options.js';
import { normaliseIsbn, sameName } from '../provider-utils.js';
import { mapHardcoverBook, mapSearchDocument, mapSeries } from './hardcover.mapper.js';
import { BOOK_BY_ID, EDITION_BY_ASIN, EDITION_BY_ISBN, SEARCH_BOOKS, SERIES_BY_ID, countTopLevelFields } from './hardcover.queries.js';
import { bookDataSchema, editionDataSchema, graphqlErrorsSchema, hardcoverRestErrorSchema, searchDataSchema, seriesDataSchema } from './hardcover.schemas.js';

export interface HardcoverClientOptions extends ProviderClientOptions {
  /** Personal access token; a leading "Bearer " (as the settings page sometimes shows it) is tolerated. */
  token: string;
}

/** Hardcover's hard cap on top-level fields per request (hardcover-docs `src/content/docs/api/Getting-Started.mdx`). */
export const MAX_TOP_LEVEL_FIELDS = 5;

/** Hardcover (GraphQL over Hasura): search, book by id, edition by ISBN/ASIN, series with positions, an author's books. */
export class HardcoverClient implements MetadataProvider {
  readonly name = 'hardcover' as const;
  private readonly http: HttpClient;

  constructor(options: HardcoverClientOptions) {
    const token = options.token.trim().replace(/^bearer\s+/i, '');
    this.http = createServiceHttpClient('hardcover', {
      ...httpOptions(options, 'https://api.hardcover.app/v1/'),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      secrets: [token],
      inspect,
    });
  }

  async search(query: SearchQuery, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const q = [query.title, query.author].filter(Boolean).join(' ').trim();
    const data = await this.graphql('search', SEARCH_BOOKS, { q, perPage: Math.min(query.limit ?? 10, 25) }, searchDataSchema, options);
    return data.search.results.hits.map((h) => mapSearchDocument(h.document));
  }

  async getBook(id: number, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const data = await this.graphql('getBook', BOOK_BY_ID, { id }, bookDataSchema, options);
    return data.books_by_pk ? mapHardcoverBook(data.books_by_pk) : null;
  }

  async getByIsbn(isbn: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const clean = normaliseIsbn(isbn);
    if (!clean) throw new IntegrationError({ service: 'hardcover', operation: 'getByIsbn', code: 'bad_request', message: 'not an ISBN' });
    const data = await this.graphql('getByIsbn', EDITION_BY_ISBN, { isbn: clean }, editionDataSchema, options);
    const edition = data.editions[0];
    return edition ? { ...mapHardcoverBook(edition.book, edition), isbn: clean } : null;
  }

  async getByAsin(asin: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const clean = asin.trim().toUpperCase();
    const data = await this.graphql('getByAsin', EDITION_BY_ASIN, { asin: clean }, editionDataSchema, options);
    const edition = data.editions[0];
    return edition ? mapHardcoverBook(edition.book, edition) : null;
  }

  async getSeries(seriesId: string, options: LookupOptions = {}): Promise<ProviderSeries | null> {
    const id = Number(seriesId);
    if (!Number.isInteger(id)) throw new IntegrationError({ service: 'hardcover', operation: 'getSeries', code: 'bad_request', message: 'series ids are integers' });
    const data = await this.graphql('getSeries', SERIES_BY_ID, { id }, seriesDataSchema, options);
    const series = data.series[0];
    return series ? mapSeries(series) : null;
  }

  /** Hardcover's search has no author filter and `_ilike` is disabled, so: search the name, keep the author's books. */
  async getAuthorBooks(author: string, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const data = await this.graphql('getAuthorBooks', SEARCH_BOOKS, { q: author.trim(), perPage: 25 }, searchDataSchema, options);
    return data.search.results.hits.map((h) => mapSearchDocument(h.document)).filter((b) => b.authors.some((a) => sameName(a, author)));
  }

  private async graphql<S extends z.ZodType>(
    operation: string,
    query: string,
    variables: Record<string, unknown>,
    dataSchema: S,
    options: LookupOptions,
  ): Promise<z.output<S>> {
    const fields = countTopLevelFields(query);
    if (fields > MAX_TOP_LEVEL_FIELDS) {
      throw new IntegrationError({ service: 'hardcover', operation, code: 'bad_request', message: `${fields} top-level fields, Hardcover allows ${MAX_TOP_LEVEL_FIELDS}` });
    }
    const operationName = /query\s+(\w+)/.exec(query)?.[1];
    const body = await this.http.request({
      operation,
      method: 'POST',
      url: 'graphql',
      data: { query, variables, operationName },
      // Queries change nothing upstream: safe to retry.
      idempotent: true,
      cost: fields,
      schema: z.object({ data: dataSchema }),
      cacheKey: `${operationName}:${JSON.stringify(variables)}`.toLowerCase(),
      forceRefresh: options.forceRefresh ?? false,
    });
    return (body as { data: z.output<S> }).data;
  }
}

/** GraphQL errors arrive inside 200s; 403 has several meanings; 401 is an expired or revoked token. */
function inspect(res: RawResponse, req: WireRequest): IntegrationError | undefined {
  const generic = (): IntegrationError => statusError(req, res);
  if (res.status === 200) {
    const gql = graphqlErrorsSchema.safeParse(res.json);
    if (!gql.success) return undefined;
    const first = gql.data.errors[0];
    const code = first?.extensions?.code;
    // validation-failed = our query no longer fits their schema: the upstream drifted.
    const mapped = code === 'validation-failed' || code === 'parse-failed' ? 'invalid_response' : 'http_error';
    return new IntegrationError({
      service: req.service,
      operation: req.operation,
      code: mapped,
      status: 200,
      message: `GraphQL error: ${first?.message ?? 'unknown'}${code ? ` (${code})` : ''}`,
    });
  }
  if (res.status === 403) {
    const rest = hardcoverRestErrorSchema.safeParse(res.json);
    const error = rest.success ? rest.data.error : '';
    if (error === 'top_level_limit_exceeded' || error === 'unsupported_operation') return generic().with({ code: 'bad_request' });
  }
  return undefined;
}
