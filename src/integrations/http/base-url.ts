import { IntegrationError } from './errors.js';

/**
 * Validates an operator-supplied base URL once: http/https only, credentials stripped (they would end up in logs),
 * no query or fragment, and exactly one trailing slash so relative paths resolve under it
 * (`new URL('api/v1/search', 'http://host/prowlarr/')` keeps the `/prowlarr` prefix).
 */
export function normaliseBaseUrl(service: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw invalid(service, 'is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw invalid(service, `must use http or https, not ${url.protocol.replace(':', '')}`);
  }
  url.username = '';
  url.password = '';
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname = `${url.pathname}/`;
  return url.toString();
}

/** Joins a relative path (leading slash tolerated) under a normalised base URL. */
export function joinUrl(baseUrl: string, path: string): string {
  if (/^https?:\/\//i.test(path)) return path;
  return new URL(path.replace(/^\/+/, ''), baseUrl).toString();
}

function invalid(service: string, reason: string): IntegrationError {
  return new IntegrationError({ service, operation: 'configure', code: 'invalid_config', message: `base URL ${reason}` });
}
