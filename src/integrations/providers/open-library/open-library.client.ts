import { IntegrationError } from '../../http/errors.js';
import type { HttpClient } from '../../http/http-client.js';
import { createServiceHttpClient } from '../../http/service-client.js';
import type { LookupOptions, MetadataProvider, ProviderBook, SearchQuery } from '../../../core/metadata/metadata-provider.port.js';
import type { ProviderClientOptions } from '../provider-options.js';
import { httpOptions } from '../provider-options.js';
import { htmlToText, languageCode, nullIfNotFound, normaliseIsbn, pickIsbn, sameName } from '../provider-utils.js';
import type { OpenLibraryDoc, OpenLibraryWork } from './open-library.schemas.js';
import { SEARCH_FIELDS, openLibrarySearchSchema, openLibraryWorkSchema } from './open-library.schemas.js';

export interface OpenLibraryClientOptions extends ProviderClientOptions {
  coversBaseUrl?: string;
}

/**
 * Open Library: works search, ISBN lookup (search by ISBN gives the work with author names in one call; the work
 * record adds the description), an author's works. Series data is too sparse to offer: only free-text `series` on
 * some editions (internetarchive/openlibrary `openlibrary/plugins/openlibrary/types/edition.type`).
 */
export class OpenLibraryClient implements MetadataProvider {
  readonly name = 'open-library' as const;
  private readonly http: HttpClient;
  private readonly coversBaseUrl: string;

  constructor(options: OpenLibraryClientOptions) {
    this.coversBaseUrl = (options.coversBaseUrl ?? 'https://covers.openlibrary.org').replace(/\/+$/, '');
    this.http = createServiceHttpClient('open-library', httpOptions(options, 'https://openlibrary.org'));
  }

  async search(query: SearchQuery, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const docs = await this.searchDocs('search', { title: query.title.trim(), author: query.author?.trim() }, query.limit ?? 10, options);
    return docs.map((d) => this.mapDoc(d, null));
  }

  async getByIsbn(isbn: string, options: LookupOptions = {}): Promise<ProviderBook | null> {
    const clean = normaliseIsbn(isbn);
    if (!clean) throw new IntegrationError({ service: 'open-library', operation: 'getByIsbn', code: 'bad_request', message: 'not an ISBN' });
    const [doc] = await this.searchDocs('getByIsbn', { isbn: clean }, 1, options);
    if (!doc) return null;
    const work = await this.getWork(doc.key, options);
    const book = this.mapDoc(doc, work);
    return { ...book, isbn: clean };
  }

  async getAuthorBooks(author: string, options: LookupOptions = {}): Promise<ProviderBook[]> {
    const docs = await this.searchDocs('getAuthorBooks', { author: author.trim(), sort: 'editions' }, 50, options);
    return docs.filter((d) => (d.author_name ?? []).some((a) => sameName(a, author))).map((d) => this.mapDoc(d, null));
  }

  /** A work record ("/works/OL…W" or "OL…W"); null when Open Library does not know it. */
  async getWork(key: string, options: LookupOptions = {}): Promise<OpenLibraryWork | null> {
    const id = key.replace(/^\/?works\//, '');
    return nullIfNotFound(
      this.http.request({
        operation: 'getWork',
        url: `works/${encodeURIComponent(id)}.json`,
        schema: openLibraryWorkSchema,
        cacheKey: `work:${id}`,
        forceRefresh: options.forceRefresh ?? false,
      }),
    );
  }

  private async searchDocs(operation: string, fields: Record<string, string | undefined>, limit: number, options: LookupOptions) {
    const params = { ...fields, fields: SEARCH_FIELDS, limit };
    const key = Object.entries(params)
      .filter(([, v]) => v !== undefined && v !== '')
      .map(([k, v]) => `${k}=${String(v).toLowerCase()}`)
      .join('&');
    const body = await this.http.request({
      operation,
      url: 'search.json',
      params,
      schema: openLibrarySearchSchema,
      cacheKey: `search:${key}`,
      forceRefresh: options.forceRefresh ?? false,
    });
    return body.docs;
  }

  private mapDoc(doc: OpenLibraryDoc, work: OpenLibraryWork | null): ProviderBook {
    const coverId = doc.cover_i && doc.cover_i > 0 ? doc.cover_i : (work?.covers ?? []).find((c) => c > 0);
    return {
      provider: 'open-library',
      providerId: doc.key.replace(/^\/works\//, ''),
      title: doc.title,
      subtitle: doc.subtitle ?? null,
      authors: doc.author_name ?? [],
      narrators: [],
      series: [],
      asin: null,
      isbn: pickIsbn(doc.isbn ?? []),
      description: htmlToText(work?.description ?? null),
      publisher: doc.publisher?.[0] ?? null,
      publishedYear: doc.first_publish_year ?? null,
      language: languageCode(doc.language?.[0]),
      durationMinutes: null,
      coverUrl: coverId ? `${this.coversBaseUrl}/b/id/${coverId}-L.jpg` : null,
      genres: (work?.subjects ?? []).slice(0, 10),
    };
  }
}
