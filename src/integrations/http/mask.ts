/**
 * Secret masking for every log line and error message of the integration layer. Two nets: the exact secret values
 * a client was configured with (API keys, tokens, mam_id, passwords), and patterns for secrets we never saw before
 * (a rotated mam_id in a Set-Cookie, a Prowlarr `link=` that embeds a tracker passkey, a MAM `dl` token in a path).
 */

export const MASK = '***';

/** Query parameters whose value is a credential or a credential-bearing link. */
const SECRET_PARAMS = /^(api[_-]?key|key|token|access[_-]?token|refresh[_-]?token|mam_id|passkey|dl|link|auth|authorization|password|pass|sid|cookie|torrent_pass|secret)$/i;

const PATTERNS: Array<[RegExp, string]> = [
  [/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',;]+/gi, `$1$2${MASK}`],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${MASK}`],
  [/\b(mam_id|SID|QBT_SID_\d+|api[_-]?key|apikey|passkey|token|torrent_pass)=([^;&\s"',]+)/gi, `$1=${MASK}`],
  [/(\/download\.php\/)[^?\s"'#]+/gi, `$1${MASK}`],
  [/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`],
];

/** Masks known secret values and secret-looking patterns in any text. Values shorter than 4 chars are ignored (too collision-prone). */
export function maskText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join(MASK);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(MASK);
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Masks a URL for logging: credentials in userinfo, secret query parameters, path-embedded download tokens. */
export function maskUrl(raw: string, secrets: readonly string[] = []): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return maskText(raw, secrets);
  }
  if (url.username) url.username = MASK;
  if (url.password) url.password = MASK;
  for (const key of [...url.searchParams.keys()]) {
    if (SECRET_PARAMS.test(key)) url.searchParams.set(key, MASK);
  }
  // URLSearchParams encodes the mask; keep it readable.
  return maskText(url.toString().replaceAll(encodeURIComponent(MASK), MASK), secrets);
}

/** Deep-masks strings inside a JSON-like value (error bodies kept on errors for diagnostics). */
export function maskValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return maskText(value.length > 2000 ? `${value.slice(0, 2000)}…` : value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => maskValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = SECRET_PARAMS.test(k) ? MASK : maskValue(v, secrets, depth + 1);
  }
  return out;
}

/** pino `redact` paths for loggers that may receive request objects; used by the app logger too. */
export const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
  'password',
  'token',
  'apiKey',
  'mamId',
];
