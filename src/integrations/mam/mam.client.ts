import type { Logger } from 'pino';
import { IntegrationError } from '../http/errors.js';
import type { HttpClient, QueryParams } from '../http/http-client.js';
import type { WaitingClock as Clock } from '../../core/clock.js';
import type { RateLimiter, RateWindow } from '../http/rate-limiter.js';
import type { RetryPolicy } from '../http/retry.js';
import { createServiceHttpClient } from '../http/service-client.js';
import type { HeaderMap, RawResponse, WireRequest } from '../http/transport.js';
import { MamHealth } from './mam.health.js';
import { mapMamTorrent, type MamTorrent } from './mam.mapper.js';
import { mamSearchEnvelopeSchema, mamTorrentSchema, mamUserSchema } from './mam.schemas.js';

export interface MamClientOptions {
  mamId: string;
  logger: Logger;
  baseUrl?: string;
  /** Shared, long-lived session health (the client is created per run). */
  health?: MamHealth;
  /** Called with the new value when MAM rotates the session cookie, so it can be persisted. */
  onSessionRotated?: (mamId: string) => void;
  clock?: Clock;
  rateLimiter?: RateLimiter;
  windows?: readonly RateWindow[];
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
}

export type MamSearchType = 'all' | 'active' | 'inactive' | 'fl' | 'fl-VIP' | 'VIP' | 'nVIP';
export type MamSearchField = 'title' | 'author' | 'narrator' | 'series' | 'description' | 'tags' | 'filenames';

export interface MamSearchOptions {
  text: string;
  searchIn?: MamSearchField[];
  /** 13 AudioBooks (default), 14 E-Books. */
  mainCategories?: number[];
  /** Sub-category ids; empty = all. */
  categories?: number[];
  searchType?: MamSearchType;
  /** MAM language ids (1 English…). */
  languages?: number[];
  perPage?: number;
  start?: number;
  /** Ask for private `dl` download tokens (secrets) with each hit. */
  withDownloadTokens?: boolean;
}

export interface MamTopOptions {
  /** Audiobook sub-category ids (OR-combined); empty = all audiobooks. */
  categories?: number[];
  mainCategory?: number;
  from: Date;
  to: Date;
  limit?: number;
}

export interface MamSearchResult {
  /** Total hits MAM reports (may exceed the page). */
  found: number;
  torrents: MamTorrent[];
  /** Rows that did not match the expected shape and were skipped. */
  skipped: number;
}

const NOTHING_RETURNED = /^Nothing returned, out of/i;

/**
 * MyAnonamouse through its JSON endpoints only (search, jsonLoad, download.php; never HTML pages), authenticated
 * with the user's mam_id session cookie. Defaults: one request per 3 s and 50 per client (create one per run).
 */
export class MamClient {
  private readonly http: HttpClient;
  private readonly baseUrl: string;
  private mamId: string;
  readonly health: MamHealth;

  constructor(private readonly options: MamClientOptions) {
    this.mamId = options.mamId.trim().replace(/^mam_id=/, '');
    this.health = options.health ?? new MamHealth(options.clock ? () => options.clock!.now().getTime() : Date.now);
    this.http = createServiceHttpClient('mam', {
      baseUrl: options.baseUrl ?? 'https://www.myanonamouse.net',
      logger: options.logger,
      headers: { Cookie: `mam_id=${this.mamId}`, Accept: 'application/json, text/javascript, */*; q=0.01' },
      secrets: [this.mamId],
      inspect,
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.windows ? { windows: options.windows } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
    });
    this.baseUrl = this.http.baseUrl;
  }

  /** Full-text search (GET form, as Prowlarr sends it). Zero hits is an empty result, not an error. */
  async search(o: MamSearchOptions): Promise<MamSearchResult> {
    const fields = o.searchIn ?? ['title', 'author', 'narrator'];
    const params: QueryParams = {
      'tor[text]': o.text,
      'tor[searchType]': o.searchType ?? 'all',
      'tor[searchIn]': 'torrents',
      'tor[sortType]': 'default',
      'tor[perpage]': o.perPage ?? 100,
      'tor[startNumber]': o.start ?? 0,
      'tor[main_cat][]': o.mainCategories ?? [13],
      'tor[cat][]': o.categories && o.categories.length > 0 ? o.categories : [0],
      'tor[browse_lang][]': o.languages ?? [],
      dlLink: o.withDownloadTokens ? 1 : undefined,
    };
    for (const field of fields) params[`tor[srchIn][${field}]`] = 'true';
    return this.searchRequest('search', params);
  }

  /**
   * The most snatched torrents of a category over a time window: the query MAM's own "Top 10" page sends (MAM
   * documents its site only to members; no public upstream source).
   */
  async topTorrents(o: MamTopOptions): Promise<MamSearchResult> {
    const params: QueryParams = {
      'tor[text]': '',
      'tor[searchType]': 'all',
      'tor[searchIn]': 'torrents',
      'tor[sortType]': 'snatchedDesc',
      'tor[perpage]': o.limit ?? 10,
      'tor[startNumber]': 0,
      'tor[startDate]': Math.floor(o.from.getTime() / 1000),
      'tor[endDate]': Math.floor(o.to.getTime() / 1000),
      'tor[main_cat][]': [o.mainCategory ?? 13],
      'tor[cat][]': o.categories && o.categories.length > 0 ? o.categories : [0],
    };
    return this.searchRequest('topTorrents', params);
  }

  /** The .torrent bytes, by id (cookie) or by the private dl token of a dlLink search. */
  async downloadTorrent(ref: { id: number } | { downloadToken: string }): Promise<Buffer> {
    const byToken = 'downloadToken' in ref;
    if (byToken) this.http.addSecret(ref.downloadToken);
    const res = await this.call('downloadTorrent', () =>
      this.http.send({
        operation: 'downloadTorrent',
        url: byToken ? `tor/download.php/${encodeURIComponent(ref.downloadToken)}` : 'tor/download.php',
        params: byToken ? undefined : { tid: ref.id },
        responseType: 'buffer',
      }),
    );
    // A .torrent is a bencoded dictionary: anything else (an error page, JSON) is not one.
    if (res.data.length === 0 || res.data[0] !== 0x64 /* 'd' */) {
      throw new IntegrationError({ service: 'mam', operation: 'downloadTorrent', code: 'invalid_response', status: res.status, message: 'the answer is not a .torrent file' });
    }
    return res.data;
  }

  /** Who the session belongs to (`jsonLoad.php`); the cheapest way to tell whether mam_id still works. */
  async checkSession(): Promise<{ username: string; className: string | null; unsatisfied: number | null; unsatisfiedLimit: number | null; bufferBytes: number | null }> {
    const res = await this.call('checkSession', () => this.http.send({ operation: 'checkSession', url: 'jsonLoad.php', schema: mamUserSchema }));
    const user = res.data;
    // The upload buffer (uploaded − downloaded) a non-freeleech grab spends; null when MAM did not say.
    const bufferBytes = user.uploaded_bytes !== undefined && user.downloaded_bytes !== undefined ? user.uploaded_bytes - user.downloaded_bytes : null;
    return { username: user.username, className: user.classname ?? null, unsatisfied: user.unsat?.count ?? null, unsatisfiedLimit: user.unsat?.limit ?? null, bufferBytes };
  }

  private async searchRequest(operation: string, params: QueryParams): Promise<MamSearchResult> {
    const res = await this.call(operation, () =>
      this.http.send({ operation, url: 'tor/js/loadSearchJSONbasic.php', params, schema: mamSearchEnvelopeSchema }),
    );
    const body = res.data;
    if (!body.data) {
      if (body.error && NOTHING_RETURNED.test(body.error)) return { found: 0, torrents: [], skipped: 0 };
      const message = this.http.mask(body.error ?? body.message ?? 'answer without data');
      const error = new IntegrationError({ service: 'mam', operation, code: 'invalid_response', status: res.status, message: `MAM said: ${message.slice(0, 200)}` });
      this.health.recordFailure(error);
      throw error;
    }
    const torrents: MamTorrent[] = [];
    let skipped = 0;
    for (const row of body.data) {
      const parsed = mamTorrentSchema.safeParse(row);
      if (parsed.success) torrents.push(mapMamTorrent(parsed.data, this.baseUrl));
      else skipped += 1;
    }
    if (skipped > 0) {
      this.options.logger.warn({ service: 'mam', operation, skipped, kept: torrents.length }, 'MAM rows with an unexpected shape were skipped');
      if (torrents.length === 0) {
        throw new IntegrationError({ service: 'mam', operation, code: 'invalid_response', status: res.status, message: `none of the ${skipped} rows has the expected shape` });
      }
    }
    return { found: body.found ?? body.total_found ?? body.total ?? torrents.length, torrents, skipped };
  }

  /** Runs a call, keeps the health state current and adopts a rotated session cookie. */
  private async call<T extends { headers: HeaderMap }>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      const res = await run();
      this.adoptRotatedCookie(res.headers);
      this.health.recordSuccess();
      return res;
    } catch (error) {
      this.health.recordFailure(error);
      throw error;
    }
  }

  private adoptRotatedCookie(headers: HeaderMap): void {
    const raw = headers['set-cookie'];
    const cookies = Array.isArray(raw) ? raw : raw ? [raw] : [];
    for (const cookie of cookies) {
      const value = /^\s*mam_id=([^;]+)/.exec(cookie)?.[1];
      if (value && value !== this.mamId && value !== 'deleted') {
        this.mamId = value;
        this.http.addSecret(value);
        this.http.setHeader('Cookie', `mam_id=${value}`);
        this.options.logger.info({ service: 'mam' }, 'MAM rotated the session cookie; using the new value');
        this.options.onSessionRotated?.(value);
      }
    }
  }
}

/** 403, or a page instead of JSON/bencode ("Error, you are not signed in"), means the session is no longer valid. */
function inspect(res: RawResponse, req: WireRequest): IntegrationError | undefined {
  const expired = (why: string): IntegrationError =>
    new IntegrationError({
      service: 'mam',
      operation: req.operation,
      code: 'session_expired',
      status: res.status,
      retryable: false,
      message: `${why}: the mam_id session is invalid or expired (create a new session under Preferences → Security)`,
    });
  if (res.status === 403) return expired('HTTP 403');
  if (res.status >= 200 && res.status < 300) {
    const text = res.text.trimStart();
    if (/html/i.test(res.contentType) || text.startsWith('<') || /not signed in/i.test(text.slice(0, 200))) {
      return expired('MAM answered with a page instead of data');
    }
  }
  return undefined;
}
