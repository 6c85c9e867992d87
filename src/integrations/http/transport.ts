import axios, { type AxiosInstance } from 'axios';
import { IntegrationError, codeForStatus } from './errors.js';
import { maskText, maskUrl, maskValue } from './mask.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type HeaderMap = Record<string, string | string[] | undefined>;

/** What came back on the wire, before any interpretation. */
export interface RawResponse {
  status: number;
  headers: HeaderMap;
  contentType: string;
  bytes: Buffer;
  /** The body decoded as UTF-8. */
  text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
}

export interface WireRequest {
  service: string;
  operation: string;
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  data?: unknown;
  timeoutMs: number;
  maxRedirects: number;
  signal?: AbortSignal;
  secrets: readonly string[];
}

export function createAxios(): AxiosInstance {
  // Statuses, decoding and errors are all handled by the layer, so axios is only the wire.
  return axios.create({ validateStatus: () => true, responseType: 'arraybuffer', maxContentLength: 64 * 1024 * 1024, proxy: false });
}

/** One HTTP exchange with a hard deadline; transport failures become IntegrationErrors without the axios cause (it holds headers). */
export async function sendOnce(http: AxiosInstance, req: WireRequest): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, req.timeoutMs);
  const onAbort = (): void => controller.abort();
  req.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const res = await http.request<ArrayBuffer>({
      method: req.method,
      url: req.url,
      headers: req.headers,
      data: req.data,
      signal: controller.signal,
      maxRedirects: req.maxRedirects,
    });
    const bytes = Buffer.from(res.data ?? new ArrayBuffer(0));
    const headers = res.headers as unknown as HeaderMap;
    const contentType = String(headers['content-type'] ?? '');
    const text = bytes.toString('utf8');
    return { status: res.status, headers, contentType, bytes, text, json: parseJson(text, contentType) };
  } catch (error) {
    throw transportError(req, error, timedOut);
  } finally {
    clearTimeout(timer);
    req.signal?.removeEventListener('abort', onAbort);
  }
}

function parseJson(text: string, contentType: string): unknown {
  const trimmed = text.trimStart();
  if (trimmed === '' || /html/i.test(contentType) || trimmed.startsWith('<')) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function transportError(req: WireRequest, error: unknown, timedOut: boolean): IntegrationError {
  const where = `${req.method} ${maskUrl(req.url, req.secrets)}`;
  const base = { service: req.service, operation: req.operation };
  if (timedOut) {
    return new IntegrationError({ ...base, code: 'timeout', message: `no answer within ${req.timeoutMs} ms [${where}]` });
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === 'ERR_CANCELED') {
    return new IntegrationError({ ...base, code: 'network', message: `request cancelled [${where}]`, retryable: false });
  }
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED') {
    return new IntegrationError({ ...base, code: 'timeout', message: `connection timed out [${where}]` });
  }
  const reason = NETWORK_REASONS[code] ?? (code ? `network error ${code}` : 'network error');
  return new IntegrationError({ ...base, code: 'network', message: `${reason} [${where}]` });
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  ERR_BAD_RESPONSE: 'bad response',
  ERR_FR_TOO_MANY_REDIRECTS: 'too many redirects',
};

/** The generic interpretation of a non-2xx answer; services refine it through their `inspect` hook. */
export function statusError(req: WireRequest, res: RawResponse): IntegrationError {
  const where = `${req.method} ${maskUrl(req.url, req.secrets)}`;
  const upstream = upstreamMessage(res);
  const suffix = upstream ? `: ${maskText(upstream, req.secrets).slice(0, 300)}` : '';
  return new IntegrationError({
    service: req.service,
    operation: req.operation,
    code: codeForStatus(res.status),
    status: res.status,
    message: `HTTP ${res.status}${suffix} [${where}]`,
    details: maskValue(res.json, req.secrets),
  });
}

/** The human message inside the common error envelopes (Google `{error:{message}}`, Audnexus, Hasura, flat `{error,message}`). */
export function upstreamMessage(res: RawResponse): string | undefined {
  const body = res.json;
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const err = record.error;
    if (err && typeof err === 'object' && typeof (err as Record<string, unknown>).message === 'string') {
      return (err as Record<string, string>).message;
    }
    if (typeof record.message === 'string') return record.message;
    if (typeof record.error_description === 'string') return record.error_description;
    if (typeof err === 'string') return err;
    return undefined;
  }
  const text = res.text.trim();
  if (text === '' || /html/i.test(res.contentType) || text.startsWith('<')) return undefined;
  return text.slice(0, 200);
}
