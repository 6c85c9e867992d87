import type { Logger } from 'pino';
import type { z } from 'zod';
import { joinUrl, normaliseBaseUrl } from './base-url.js';
import type { WaitingClock as Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import { IntegrationError } from './errors.js';
import { maskText, maskUrl } from './mask.js';
import type { RateLimiter } from './rate-limiter.js';
import type { ResponseCache } from './response-cache.js';
import type { RetryPolicy } from './retry.js';
import { DEFAULT_RETRY, retryDelay, parseRetryAfter } from './retry.js';
import type { HeaderMap, HttpMethod, RawResponse, WireRequest } from './transport.js';
import { createAxios, sendOnce, statusError } from './transport.js';
import { userAgent } from './user-agent.js';

export type QueryValue = string | number | boolean | undefined | null;
export type QueryParams = Record<string, QueryValue | readonly QueryValue[]>;

export interface HttpClientOptions {
  service: string;
  baseUrl: string;
  timeoutMs: number;
  logger: Logger;
  headers?: Record<string, string>;
  /** HTTP basic credentials; masked like every other secret. */
  auth?: { username: string; password: string };
  rateLimiter?: RateLimiter;
  cache?: ResponseCache;
  /** Default TTL of cacheable requests (those given a `cacheKey`). */
  cacheTtlMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Values that must never appear in a log line or error message (API keys, tokens, cookies). */
  secrets?: readonly string[];
  clock?: Clock;
  random?: () => number;
  maxRedirects?: number;
  /**
   * Service-specific reading of a response, run before the generic status mapping: e.g. MAM answering HTML means the
   * session expired, Hardcover reports GraphQL errors inside a 200. Return an error to fail the request.
   */
  inspect?: (res: RawResponse, req: WireRequest) => IntegrationError | undefined;
  /** Service-specific wait hint on 429 (e.g. a `retryAfterSeconds` in the body); Retry-After is read anyway. */
  retryAfter?: (res: RawResponse) => number | undefined;
}

export interface RequestOptions {
  operation: string;
  method?: HttpMethod;
  /** Relative to the base URL (a leading slash is fine), or absolute (e.g. a download link the upstream gave us). */
  url: string;
  params?: QueryParams;
  data?: unknown;
  headers?: Record<string, string>;
  schema?: z.ZodType;
  /** 'json' (default) parses and validates JSON; 'text' and 'buffer' hand back the body as is. */
  responseType?: 'json' | 'text' | 'buffer';
  /** Whether a retry after a network error or 5xx is safe; defaults to true for GET/HEAD/PUT/DELETE. */
  idempotent?: boolean;
  /** Makes the request cacheable and de-duplicated among concurrent identical calls. */
  cacheKey?: string;
  cacheTtlMs?: number;
  /** Skip the cache read (the fresh answer is still stored). */
  forceRefresh?: boolean;
  /** Rate-limit cost (Hardcover counts each top-level GraphQL field). */
  cost?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: HeaderMap;
  data: T;
  fromCache: boolean;
}

type Out<O extends RequestOptions> = O extends { schema: infer S extends z.ZodType }
  ? z.output<S>
  : O extends { responseType: 'buffer' }
    ? Buffer
    : O extends { responseType: 'text' }
      ? string
      : unknown;

export interface HttpClient {
  readonly service: string;
  readonly baseUrl: string;
  /** The validated body. */
  request<O extends RequestOptions>(options: O): Promise<Out<O>>;
  /** The validated body with status and headers (cookies, `Ok.`/`Fails.` bodies, 202 vs 200…). */
  send<O extends RequestOptions>(options: O): Promise<HttpResponse<Out<O>>>;
  /** Registers a value learnt at run time (a rotated cookie, a session id) as a secret to mask. */
  addSecret(value: string): void;
  /** Sets (or with undefined removes) a default header, e.g. a session cookie after login. */
  setHeader(name: string, value: string | undefined): void;
  /** Masks secrets in a text with this client's secret list (for the client's own messages). */
  mask(text: string): string;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const service = options.service;
  const baseUrl = normaliseBaseUrl(service, options.baseUrl);
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const secrets: string[] = [...(options.secrets ?? []).filter((s) => s.length > 0)];
  const defaultHeaders: Record<string, string> = { 'User-Agent': userAgent(), Accept: 'application/json', ...options.headers };
  if (options.auth) {
    secrets.push(options.auth.password);
    defaultHeaders.Authorization = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
  }
  for (const value of Object.values(defaultHeaders)) if (/^(bearer|basic)\s/i.test(value)) secrets.push(value.replace(/^\S+\s+/, ''));
  const http = createAxios();
  const log = options.logger.child({ service });
  const inflight = new Map<string, Promise<HttpResponse<unknown>>>();

  const wire = (o: RequestOptions): WireRequest => ({
    service,
    operation: o.operation,
    method: o.method ?? 'GET',
    url: withParams(joinUrl(baseUrl, o.url), o.params),
    headers: { ...defaultHeaders, ...o.headers },
    data: o.data,
    timeoutMs: o.timeoutMs ?? options.timeoutMs,
    maxRedirects: options.maxRedirects ?? 5,
    ...(o.signal ? { signal: o.signal } : {}),
    secrets,
  });

  const interpret = (o: RequestOptions, req: WireRequest, res: RawResponse): unknown => {
    const custom = options.inspect?.(res, req);
    if (custom) throw custom;
    if (res.status < 200 || res.status >= 300) throw statusError(req, res);
    return decode(o, req, res.status, o.responseType === 'buffer' ? res.bytes : o.responseType === 'text' ? res.text : res.json, res.text);
  };

  const decode = (o: RequestOptions, req: WireRequest, status: number, body: unknown, text: string): unknown => {
    const where = `${req.method} ${maskUrl(req.url, secrets)}`;
    const invalid = (message: string): IntegrationError =>
      new IntegrationError({ service, operation: o.operation, code: 'invalid_response', status, message: `${message} [${where}]` });
    if ((o.responseType ?? 'json') === 'json' && body === undefined && text.trim() !== '') {
      throw invalid(text.trimStart().startsWith('<') ? 'expected JSON, got an HTML page' : 'malformed JSON');
    }
    if (!o.schema) return body;
    const parsed = o.schema.safeParse(body);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw invalid(`unexpected response shape (${maskText(issues, secrets)})`);
  };

  const execute = async (o: RequestOptions): Promise<HttpResponse<unknown>> => {
    const req = wire(o);
    const idempotent = o.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE'].includes(req.method);
    const masked = maskUrl(req.url, secrets);
    for (let attempt = 1; ; attempt += 1) {
      const started = clock.now().getTime();
      let res: RawResponse | undefined;
      try {
        await options.rateLimiter?.acquire(o.cost ?? 1);
        res = await sendOnce(http, req);
        const data = interpret(o, req, res);
        log.debug({ operation: o.operation, method: req.method, url: masked, status: res.status, ms: clock.now().getTime() - started, attempt }, 'upstream call');
        if (o.cacheKey && options.cache && (o.responseType ?? 'json') !== 'buffer') {
          const ttlMs = o.cacheTtlMs ?? options.cacheTtlMs;
          if (ttlMs && ttlMs > 0) await storeInCache(o.cacheKey, res.status, o.responseType === 'text' ? res.text : res.json, ttlMs);
        }
        return { status: res.status, headers: res.headers, data, fromCache: false };
      } catch (error) {
        if (!(error instanceof IntegrationError)) throw error;
        const wait = attempt < policy.maxAttempts ? retryWait(error, res, idempotent, attempt) : undefined;
        const fields = { operation: o.operation, method: req.method, url: masked, status: error.status, code: error.code, attempt };
        if (wait === undefined) {
          log.debug({ ...fields, err: error.toJSON() }, 'upstream call failed');
          throw withRetryAfter(error, res);
        }
        log.warn({ ...fields, retryInMs: wait }, 'upstream call failed, retrying');
        if (error.code === 'rate_limited') options.rateLimiter?.pause(wait);
        await clock.sleep(wait);
      }
    }
  };

  /** undefined = do not retry. */
  const retryWait = (error: IntegrationError, res: RawResponse | undefined, idempotent: boolean, attempt: number): number | undefined => {
    if (error.code === 'rate_limited') {
      // A 429 means the request was not processed, so even a POST may be repeated.
      const asked = res ? (options.retryAfter?.(res) ?? parseRetryAfter(res.headers['retry-after'], clock.now().getTime())) : undefined;
      const wait = asked ?? retryDelay(policy, attempt, random);
      return wait <= policy.maxRetryAfterMs ? wait : undefined;
    }
    if (!idempotent || !['network', 'timeout', 'server_error'].includes(error.code)) return undefined;
    if (error.message.includes('request cancelled')) return undefined;
    return retryDelay(policy, attempt, random);
  };

  const withRetryAfter = (error: IntegrationError, res: RawResponse | undefined): IntegrationError => {
    if (error.code !== 'rate_limited' || error.retryAfterMs !== undefined || !res) return error;
    const asked = options.retryAfter?.(res) ?? parseRetryAfter(res.headers['retry-after'], clock.now().getTime());
    if (asked === undefined) return error;
    return error.with({ retryAfterMs: asked });
  };

  const storeInCache = async (key: string, status: number, body: unknown, ttlMs: number): Promise<void> => {
    try {
      await options.cache?.set(service, key, { status, body, ttlMs });
    } catch (error) {
      // The answer is good; a cache that cannot store it only costs a later request. Reported, not thrown.
      log.warn({ cacheKey: maskText(key, secrets), err: maskText(String(error), secrets) }, 'response cache write failed');
    }
  };

  const send = async (o: RequestOptions): Promise<HttpResponse<unknown>> => {
    const key = o.cacheKey;
    if (!key) return execute(o);
    if (options.cache && !o.forceRefresh) {
      const hit = await options.cache.get(service, key);
      if (hit) {
        try {
          const req = wire(o);
          const data = decode(o, req, hit.status, hit.body, typeof hit.body === 'string' ? hit.body : '');
          log.debug({ operation: o.operation, cacheKey: maskText(key, secrets), hits: hit.hits }, 'cache hit');
          return { status: hit.status, headers: {}, data, fromCache: true };
        } catch {
          // An entry written by an older schema: drop it and ask upstream again.
          await options.cache.delete(service, key);
        }
      }
    }
    const shared = inflight.get(key);
    if (shared) return shared;
    const pending = execute(o).finally(() => inflight.delete(key));
    inflight.set(key, pending);
    return pending;
  };

  return {
    service,
    baseUrl,
    request: async (o) => (await send(o)).data as never,
    send: (o) => send(o) as never,
    addSecret(value) {
      if (value.length > 0 && !secrets.includes(value)) secrets.push(value);
    },
    setHeader(name, value) {
      if (value === undefined) delete defaultHeaders[name];
      else defaultHeaders[name] = value;
    },
    mask: (text) => maskText(text, secrets),
  };
}

/** Appends params as repeated keys (`a=1&a=2`), which Prowlarr and MAM both need; undefined/null are skipped. */
function withParams(url: string, params: QueryParams | undefined): string {
  if (!params) return url;
  const u = new URL(url);
  for (const [key, value] of Object.entries(params)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) if (v !== undefined && v !== null) u.searchParams.append(key, String(v));
  }
  return u.toString();
}
