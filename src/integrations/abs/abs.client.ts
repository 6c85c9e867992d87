import type { Logger } from 'pino';
import { IntegrationError, createServiceHttpClient, isIntegrationError, type HttpClient, type RetryPolicy } from '../http/index.js';
import { mapBook, mapSummary } from './abs.mapper.js';
import { buildMediaPatch, sequenceString, type BookMetadataUpdate, type SeriesMembership } from './abs.metadata.js';
import {
  authorsSchema,
  batchItemsSchema,
  fullItemSchema,
  librariesSchema,
  libraryItemsPageSchema,
  librarySchema,
  patchMediaReplySchema,
  searchSchema,
  seriesListSchema,
  statusSchema,
} from './abs.schemas.js';
import { AbsSession, type AbsAuth, type AbsLiveEvents, type AbsLogin } from './abs.session.js';
import type { AbsAuthor, AbsBook, AbsBookSummary, AbsLibrary, AbsListOptions, AbsPage, AbsSearchResult, AbsSeries } from './abs.types.js';
import { waitForScan, type ScanWaitOptions, type ScanOutcome } from './abs.scan.js';

export interface AbsClientOptions {
  baseUrl: string;
  auth: AbsAuth;
  logger: Logger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const SORT_KEYS = {
  title: 'media.metadata.title',
  authorName: 'media.metadata.authorName',
  addedAt: 'addedAt',
  publishedYear: 'media.metadata.publishedYear',
  duration: 'media.duration',
  size: 'size',
} as const;

/** `filter=<group>.<base64(value)>`, base64 then URI-encoded (the query encoder does the latter). */
function filterParam(filter: AbsListOptions['filter']): string | undefined {
  if (!filter) return undefined;
  const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
  switch (filter.by) {
    case 'author':
      return `authors.${b64(filter.authorId)}`;
    case 'series':
      return `series.${b64(filter.seriesId)}`;
    case 'tag':
      return `tags.${b64(filter.tag)}`;
    case 'genre':
      return `genres.${b64(filter.genre)}`;
  }
}

/**
 * Audiobookshelf REST API (ABS `server/routers/ApiRouter.js`): libraries, items, metadata updates, series, authors,
 * scans, search.
 */
export class AbsClient {
  private readonly http: HttpClient;
  private readonly session: AbsSession;

  constructor(options: AbsClientOptions) {
    this.http = createServiceHttpClient('audiobookshelf', {
      baseUrl: options.baseUrl,
      logger: options.logger,
      secrets: 'apiKey' in options.auth ? [options.auth.apiKey, ...(options.auth.user ? [options.auth.user.password] : [])] : [options.auth.password],
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    this.session = new AbsSession(this.http, options.auth);
  }

  get baseUrl(): string {
    return this.http.baseUrl;
  }

  /** Logs the configured user in (needed for a socket token); `auth` error on bad credentials. */
  login(): Promise<AbsLogin> {
    return this.session.login();
  }

  /** What REST calls are authenticated with: 'API key', 'token' (legacy or access), or 'user login'. */
  get restCredential(): string {
    return this.session.restCredential;
  }

  /** How the socket can be authenticated with these credentials, or why live events are off. */
  get liveEvents(): AbsLiveEvents {
    return this.session.liveEvents;
  }

  /**
   * A token for ABS's socket at each (re)connection: the user's access token (refreshed ahead of expiry, renewed
   * when `refused` names the one the socket just refused), else the configured token.
   */
  socketToken(options: { refused?: string } = {}): Promise<string> {
    return this.session.socketToken(options);
  }

  /** Unauthenticated server status: version and whether the server is set up. */
  status(): Promise<{ app: string; serverVersion: string; isInit: boolean }> {
    return this.http.request({ operation: 'status', url: 'status', schema: statusSchema });
  }

  async libraries(): Promise<AbsLibrary[]> {
    const res = await this.session.call({ operation: 'libraries', url: 'api/libraries', schema: librariesSchema });
    return res.libraries.map(mapLibrary);
  }

  async library(libraryId: string): Promise<AbsLibrary> {
    return mapLibrary(await this.session.call({ operation: 'library', url: `api/libraries/${encodeURIComponent(libraryId)}`, schema: librarySchema }));
  }

  /** One page of a library's items in the minified list shape (page is 0-based). */
  async listItems(libraryId: string, options: AbsListOptions = {}): Promise<AbsPage<AbsBookSummary>> {
    const res = await this.session.call({
      operation: 'listItems',
      url: `api/libraries/${encodeURIComponent(libraryId)}/items`,
      params: {
        limit: options.limit ?? 100,
        page: options.page ?? 0,
        sort: options.sort ? SORT_KEYS[options.sort] : undefined,
        desc: options.desc ? 1 : undefined,
        filter: filterParam(options.filter),
        minified: 1,
      },
      schema: libraryItemsPageSchema,
    });
    return { items: res.results.map(mapSummary), total: res.total, page: res.page, limit: res.limit };
  }

  /** Every item of a library, page by page (ABS's `limit=0` answers the whole library at once; avoided on purpose). */
  async allItems(libraryId: string, options: Omit<AbsListOptions, 'page' | 'limit'> & { pageSize?: number } = {}): Promise<AbsBookSummary[]> {
    const pageSize = options.pageSize ?? 200;
    const out: AbsBookSummary[] = [];
    for (let page = 0; ; page += 1) {
      const res = await this.listItems(libraryId, { ...options, page, limit: pageSize });
      out.push(...res.items);
      if (res.items.length < pageSize || out.length >= res.total) return out;
    }
  }

  /** The most recently added items (for learning the id of a book that just landed). */
  async recentlyAdded(libraryId: string, limit = 20): Promise<AbsBookSummary[]> {
    return (await this.listItems(libraryId, { sort: 'addedAt', desc: true, limit })).items;
  }

  /** One item with structured authors and series; null when ABS does not know the id. */
  async getItem(itemId: string): Promise<AbsBook | null> {
    try {
      const item = await this.session.call({ operation: 'getItem', url: `api/items/${encodeURIComponent(itemId)}`, params: { expanded: 1 }, schema: fullItemSchema });
      return mapBook(item);
    } catch (err) {
      if (isIntegrationError(err, 'not_found')) return null;
      throw err;
    }
  }

  /** Several items in one call (expanded shape); unknown ids are left out. */
  async getItems(itemIds: readonly string[]): Promise<AbsBook[]> {
    if (itemIds.length === 0) return [];
    const res = await this.session.call({
      operation: 'getItems',
      method: 'POST',
      url: 'api/items/batch/get',
      data: { libraryItemIds: [...itemIds] },
      headers: { 'Content-Type': 'application/json' },
      // A read, even though it is a POST.
      idempotent: true,
      schema: batchItemsSchema,
    });
    return res.libraryItems.map(mapBook);
  }

  /** Applies a metadata change; `updated` is false when ABS found nothing to change. */
  async updateMetadata(itemId: string, update: BookMetadataUpdate): Promise<{ updated: boolean; book: AbsBook }> {
    const body = buildMediaPatch(update);
    const res = await this.session.call({
      operation: 'updateMetadata',
      method: 'PATCH',
      url: `api/items/${encodeURIComponent(itemId)}/media`,
      data: body,
      headers: { 'Content-Type': 'application/json' },
      // Setting the same values again is harmless.
      idempotent: true,
      schema: patchMediaReplySchema,
    });
    return { updated: res.updated === true, book: mapBook(res.libraryItem) };
  }

  /** Puts the book in a series (or changes its sequence there) while keeping its other series. */
  async setSeriesMembership(itemId: string, membership: SeriesMembership): Promise<{ updated: boolean; book: AbsBook }> {
    const book = await this.getItem(itemId);
    if (!book) throw new IntegrationError({ service: 'audiobookshelf', operation: 'setSeriesMembership', code: 'not_found', status: 404, message: `item ${itemId} not found` });
    const wanted = membership.name.trim().toLowerCase();
    const others = book.series.filter((s) => s.name.trim().toLowerCase() !== wanted).map((s) => ({ name: s.name, sequence: s.sequence }));
    return this.updateMetadata(itemId, { series: [...others, { name: membership.name, sequence: sequenceString(membership.sequence) }] });
  }

  async series(libraryId: string, options: { page?: number; limit?: number } = {}): Promise<AbsPage<AbsSeries>> {
    const res = await this.session.call({
      operation: 'series',
      url: `api/libraries/${encodeURIComponent(libraryId)}/series`,
      params: { limit: options.limit ?? 100, page: options.page ?? 0 },
      schema: seriesListSchema,
    });
    const items = res.results.map((s) => ({
      id: s.id,
      name: s.name,
      books: s.books.map((b) => {
        const summary = mapSummary(b);
        const entry = summary.series.find((e) => e.name.toLowerCase() === s.name.toLowerCase());
        return { id: summary.id, title: summary.title, sequence: entry?.sequence ?? null };
      }),
    }));
    return { items, total: res.total, page: options.page ?? 0, limit: options.limit ?? 100 };
  }

  async authors(libraryId: string): Promise<AbsAuthor[]> {
    const res = await this.session.call({ operation: 'authors', url: `api/libraries/${encodeURIComponent(libraryId)}/authors`, schema: authorsSchema });
    return res.authors.map((a) => ({ id: a.id, name: a.name, asin: a.asin ?? null, numBooks: a.numBooks ?? 0 }));
  }

  /** Title/subtitle text and ASIN/ISBN substring search ("do I own ASIN X?"). */
  async search(libraryId: string, query: string, limit = 12): Promise<AbsSearchResult> {
    const res = await this.session.call({ operation: 'search', url: `api/libraries/${encodeURIComponent(libraryId)}/search`, params: { q: query, limit }, schema: searchSchema });
    return {
      books: res.book.map((b) => mapBook(b.libraryItem)),
      authors: res.authors.map((a) => ({ id: a.id, name: a.name, asin: a.asin ?? null, numBooks: a.numBooks ?? 0 })),
      series: res.series.map((s) => ({ id: s.series.id, name: s.series.name })),
    };
  }

  /**
   * Starts a library scan (admin only). ABS answers at once and scans in the background; with `wait`, resolves when
   * the scan is seen to finish — via the socket's task_finished when a listener is given, else a changed lastScan.
   */
  async scanLibrary(libraryId: string, options: { force?: boolean; wait?: ScanWaitOptions } = {}): Promise<ScanOutcome> {
    const start = () =>
      this.session.call({
        operation: 'scanLibrary',
        method: 'POST',
        url: `api/libraries/${encodeURIComponent(libraryId)}/scan`,
        params: { force: options.force ? 1 : undefined },
        responseType: 'text',
      });
    if (!options.wait) {
      await start();
      return { completed: false, via: null, results: null };
    }
    return waitForScan({ libraryId, start: async () => void (await start()), lastScan: async () => (await this.library(libraryId)).lastScan, ...options.wait });
  }

  /** Tells ABS a folder appeared (admin; for network filesystems where inotify does not fire). ABS answers 200 even when it ignores it. */
  async notifyFolderAdded(libraryId: string, path: string): Promise<void> {
    await this.session.call({
      operation: 'watcherUpdate',
      method: 'POST',
      url: 'api/watcher/update',
      data: { libraryId, path, type: 'add' },
      headers: { 'Content-Type': 'application/json' },
      responseType: 'text',
    });
  }
}

function mapLibrary(l: { id: string; name: string; mediaType: 'book' | 'podcast'; folders: Array<{ fullPath: string }>; lastScan?: number | null | undefined }): AbsLibrary {
  return { id: l.id, name: l.name, mediaType: l.mediaType, folders: l.folders.map((f) => f.fullPath), lastScan: l.lastScan ? new Date(l.lastScan) : null };
}
