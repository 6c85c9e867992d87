/**
 * The one redaction list of the service: which names carry credentials, which patterns in a text or a URL are
 * credentials, how a known secret value is masked in every encoded form, and the pino paths that never reach a log.
 * The logger, the HTTP layer (its errors and log lines), the express request serializer and the inbox storage all
 * mask through this module. Pure: no I/O, imports nothing.
 */

export const MASK = '***';

/**
 * Query parameters, form fields and object keys whose value is a credential or a credential-bearing link: API keys,
 * tokens, cookies, the webhook secret, tracker passkeys (`passkey`, `torrent_pass`, `authkey`), Prowlarr's `link`
 * (embeds the indexer's passkey) and MAM's `dl` token.
 */
export const SECRET_PARAM_NAMES: readonly string[] = [
  'api_key', 'apikey', 'api-key', 'key', 'token', 'access_token', 'refresh_token', 'auth_token', 'mam_id', 'passkey', 'authkey',
  'torrent_pass', 'dl', 'link', 'auth', 'authorization', 'password', 'passwd', 'pass', 'sid', 'cookie', 'secret', 'webhook_secret',
  'x_api_key', 'x_webhook_secret',
];
/** Names compared without case, `-` or `_`: `api_key`, `API-KEY` and `apikey` are one name. */
const normalName = (name: string) => name.trim().toLowerCase().replace(/[-_]/g, '');
const SECRET_NAMES = new Set(SECRET_PARAM_NAMES.map(normalName));

/** Whether a parameter or key name carries a credential (case, `-` and `_` do not matter). */
export function isSecretName(name: string): boolean {
  return SECRET_NAMES.has(normalName(name));
}

/** Secrets we never saw before, recognised by their shape wherever they stand in a text. */
const TEXT_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(authorization["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"',;]+/gi, `$1$2${MASK}`],
  [/\bbearer\s+[A-Za-z0-9._~+/=-]+/gi, `Bearer ${MASK}`],
  [/\b(mam_id|SID|QBT_SID_\d+|api[_-]?key|apikey|passkey|authkey|token|access_token|torrent_pass|secret)=([^;&\s"',]+)/gi, `$1=${MASK}`],
  [/(x-api-key["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`],
  [/(x-webhook-secret["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, `$1${MASK}`],
  // user:password@ in any URL (an Apprise mailto://, a database URL in a driver's message).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]+@/gi, `$1${MASK}@`],
  // MAM's download token: /tor/download.php/<token>
  [/(\/download\.php\/)[^/?\s"'#<>,;]+/gi, `$1${MASK}`],
  // Tracker passkeys in announce paths: /tracker.php/<passkey>/announce, /announce/<passkey>, /<passkey>/announce.
  [/(\/tracker\.php\/)[^/?\s"'#<>,;]+/gi, `$1${MASK}`],
  [/(\/announce(?:\.php)?\/)[^/?\s"'#<>,;]+/gi, `$1${MASK}`],
  [/(?<![/:])\/[A-Za-z0-9_~%-]{12,}(?=\/announce\b)/g, `/${MASK}`],
];

/** Masks secret-looking patterns in any text (log lines, error messages, stored payload strings). */
export function maskPatterns(text: string): string {
  let out = text;
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Every form a secret value takes in a serialised log line, a URL or a form body: as is, JSON-escaped, URL-encoded and
 * form-encoded. Values shorter than 4 characters are ignored: masking "1" would shred every line and protect nothing.
 */
function secretForms(secrets: ReadonlyArray<string>): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(JSON.stringify(secret).slice(1, -1));
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ v: secret }).toString().slice(2));
  }
  // Longest first, so a secret containing another is masked whole.
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * A masker of known secret values (in all their encoded forms) and, unless `patterns: false`, of secret-looking
 * patterns. The logger runs every serialised line through one.
 */
export function createSecretMasker(secrets: ReadonlyArray<string>, opts: { patterns?: boolean } = {}): (text: string) => string {
  const forms = secretForms(secrets);
  const patterns = opts.patterns ?? true;
  return (text) => {
    let out = text;
    for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
    return patterns ? maskPatterns(out) : out;
  };
}

/** Masks known secret values and secret-looking patterns in any text. */
export function maskText(text: string, secrets: readonly string[] = []): string {
  return createSecretMasker(secrets)(text);
}

/** `decodeURIComponent` for query parts (`+` is a space), keeping malformed input as it is. */
function decodeQueryPart(part: string): string {
  try {
    return decodeURIComponent(part.replaceAll('+', ' '));
  } catch {
    return part;
  }
}

/**
 * A query string with every credential parameter masked, judged by its decoded name (`s%65cret` is `secret`); other
 * parameters come back in one canonical encoding of their decoded value, so a secret value sent %-encoded in odd ways
 * is masked like any other known value.
 */
export function maskQuery(query: string): string {
  const raw = query.startsWith('?') ? query.slice(1) : query;
  if (raw === '') return query;
  const parts = raw.split('&').map((piece) => {
    if (piece === '') return piece;
    const eq = piece.indexOf('=');
    const name = decodeQueryPart(eq === -1 ? piece : piece.slice(0, eq));
    const shownName = encodeURIComponent(name);
    if (isSecretName(name)) return `${shownName}=${MASK}`;
    return eq === -1 ? shownName : `${shownName}=${encodeURIComponent(decodeQueryPart(piece.slice(eq + 1)))}`;
  });
  return `${query.startsWith('?') ? '?' : ''}${parts.join('&')}`;
}

/**
 * Masks a URL for logging or storage: credentials in userinfo, secret query parameters, tokens and passkeys in the
 * path. A request target (`/path?query`) is masked the same way.
 */
export function maskUrl(raw: string, secrets: readonly string[] = []): string {
  const relative = raw.startsWith('/') && !raw.startsWith('//');
  let url: URL;
  try {
    url = new URL(raw, relative ? 'http://relative.invalid' : undefined);
  } catch {
    return maskText(raw, secrets);
  }
  const userinfo = url.username || url.password ? `${MASK}@` : '';
  const authority = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw);
  const origin = relative ? '' : authority ? `${url.protocol}//${userinfo}${url.host}` : url.protocol;
  return maskText(`${origin}${url.pathname}${maskQuery(url.search)}${url.hash}`, secrets);
}

/** A URL inside prose: trailing punctuation (`, . ; : ! ? )`) is the sentence's, not the URL's. */
const URL_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*[^\s"'<>,.;:!?)]/gi;

/** Every URL inside a text masked with {@link maskUrl}, and secret-looking patterns elsewhere in it. */
export function maskUrlsInText(text: string, secrets: readonly string[] = []): string {
  return maskText(text.replace(URL_IN_TEXT, (url) => maskUrl(url, secrets)), secrets);
}

/** Deep-masks strings inside a JSON-like value (error bodies kept on errors for diagnostics), shortened for logs. */
export function maskValue(value: unknown, secrets: readonly string[] = [], depth = 0): unknown {
  if (typeof value === 'string') return maskText(value.length > 2000 ? `${value.slice(0, 2000)}…` : value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => maskValue(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = isSecretName(k) ? MASK : maskValue(v, secrets, depth + 1);
  return out;
}

/**
 * What the inbox stores of a payload: the same value, whole (no shortening), with credentials in every URL masked and
 * secret-looking patterns masked in every string (a qBittorrent `%T` tracker URL carries the private tracker's
 * passkey). Keys are kept as they are: payload keys are ours, chosen by the webhook's schema.
 */
export function redactStoredValue<T>(value: T): T {
  if (typeof value === 'string') return maskUrlsInText(value) as T;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v: unknown) => redactStoredValue(v)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactStoredValue(v);
  return out as T;
}

/** pino `redact` paths: headers and fields that carry credentials, wherever a request, response or config is logged. */
export const REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-webhook-secret"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'headers["x-webhook-secret"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["x-api-key"]',
  '*.headers["x-webhook-secret"]',
  'config.headers',
  'password',
  'token',
  'apiKey',
  'mamId',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.mamId',
];
