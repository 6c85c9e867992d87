/**
 * The whole-suite secret check: every client that holds a credential is driven against its fake through happy paths
 * and fault paths (401/403, 429, 5xx, timeouts, drifted and malformed answers, expired sessions), with ALL pino output
 * captured at debug level and every thrown error kept (message, stack, JSON form, util.inspect with its causes, and
 * the error as the app would log it). None of the configured or learnt secret values — nor their URL-, form- or
 * JSON-encoded forms — may appear anywhere in that text.
 */
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbsClient, AbsSocketClient } from '../../../src/integrations/abs/index.js';
import { IntegrationError, type RetryPolicy } from '../../../src/integrations/http/index.js';
import { MamClient } from '../../../src/integrations/mam/index.js';
import { GoogleBooksClient, HardcoverClient } from '../../../src/integrations/providers/index.js';
import { ProwlarrClient } from '../../../src/integrations/prowlarr/index.js';
import { QbittorrentClient } from '../../../src/integrations/qbittorrent/index.js';
import { startFakes, type StartedFakes } from '../../fakes/index.js';
import { fakeTorrentBytes } from '../../fakes/mam/mam.fake.js';
import { captureLogs, type LogCapture } from '../../helpers/log-capture.js';

// Secret values with characters that change under URL, form and JSON encoding, so every encoded form is distinct.
const ABS_PASSWORD = 'abs-Pa55+word/with=chars&"quote"';
const QBT_PASSWORD = 'qbt Pa$$ w0rd+/=&?#%';
const PROWLARR_KEY = 'prowlarrSecretKey7c1e9a0b3d5f'; // travels unencoded inside Prowlarr's download links
const GOOGLE_KEY = 'AIzaGoogle+Key/Secret=42';
const HARDCOVER_TOKEN = 'hc.Token+Secret/Value=99';
const MAM_ID = 'mamSession+Secret/Id=abc123';
const MAM_ROTATED = 'mamRotated+Session/Id=def456';

const FAST_RETRY: Partial<RetryPolicy> = { maxAttempts: 2, baseDelayMs: 5, maxDelayMs: 10, maxRetryAfterMs: 50 };
const TIMEOUT_MS = 250;

/** Every form in which a secret could show up in a serialised log line or message. */
function encodedForms(secret: string): string[] {
  return [
    ...new Set([
      secret,
      encodeURIComponent(secret),
      new URLSearchParams({ v: secret }).toString().slice(2),
      JSON.stringify(secret).slice(1, -1),
      JSON.stringify(JSON.stringify(secret)).slice(1, -1),
    ]),
  ];
}

/** The secrets found in a text, each named by its label and the form it leaked in. */
function leaks(text: string, secrets: Map<string, string>): string[] {
  const found: string[] = [];
  for (const [label, secret] of secrets) {
    for (const form of encodedForms(secret)) if (text.includes(form)) found.push(`${label} as ${JSON.stringify(form)}`);
  }
  return found;
}

describe('no secret in logs or errors, across every client, happy and fault paths', () => {
  const log: LogCapture = captureLogs('debug');
  const errors: string[] = [];
  const secrets = new Map<string, string>([
    ['ABS password', ABS_PASSWORD],
    ['qBittorrent password', QBT_PASSWORD],
    ['Prowlarr API key', PROWLARR_KEY],
    ['Google Books API key', GOOGLE_KEY],
    ['Hardcover token', HARDCOVER_TOKEN],
    ['mam_id', MAM_ID],
    ['rotated mam_id', MAM_ROTATED],
  ]);
  let fakes: StartedFakes<{ abs: object; qbittorrent: object; prowlarr: object; googleBooks: object; hardcover: object; mam: object }>;

  /** Keeps everything an operator could ever see of an error: as thrown, as printed, as logged. */
  const keep = (error: unknown): IntegrationError => {
    const e = error as Error;
    errors.push(String(e), e.message ?? '', e.stack ?? '', JSON.stringify(e) ?? '', inspect(e, { depth: 8 }));
    log.logger.error({ err: e }, 'operation failed');
    expect(error).toBeInstanceOf(IntegrationError);
    return error as IntegrationError;
  };
  const fails = (p: Promise<unknown>): Promise<IntegrationError> =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      keep,
    );
  /** Runs a fault path with the fault set on a fake, always clearing it after. */
  const withFault = async (faults: { set(f: never): void; clear(): void }, fault: unknown, run: () => Promise<unknown>) => {
    faults.set(fault as never);
    try {
      await run();
    } finally {
      faults.clear();
    }
  };
  const assertClean = () => {
    const text = `${log.text()}\n${errors.join('\n')}`;
    expect(leaks(text, secrets)).toEqual([]);
  };

  beforeAll(async () => {
    fakes = await startFakes({
      abs: { password: ABS_PASSWORD, books: 3, scanDelayMs: 10 },
      qbittorrent: { password: QBT_PASSWORD },
      prowlarr: { apiKey: PROWLARR_KEY, releases: [{ title: 'Project Hail Mary by Andy Weir [ENG / M4B]' }] },
      googleBooks: { apiKey: GOOGLE_KEY, volumes: [{ id: 'vol1', title: 'Dune', authors: ['Frank Herbert'], isbn13: '9780441172719' }] },
      hardcover: { token: HARDCOVER_TOKEN, books: [{ id: 1, title: 'Dune', authors: ['Frank Herbert'] }] },
      mam: { mamId: MAM_ID, torrents: [{ id: 11, title: 'Dune', authors: ['Frank Herbert'] }, { id: 12, title: 'Dune Messiah', authors: ['Frank Herbert'] }] },
    });
    secrets.set('ABS API key', fakes.abs.controls.apiKey);
  });
  afterAll(() => fakes?.closeAll());

  it('the check itself finds a leaked secret in any of its encoded forms', () => {
    const canary = captureLogs('debug');
    canary.logger.debug({ url: `http://x/?key=${encodeURIComponent(GOOGLE_KEY)}` }, 'oops');
    expect(leaks(canary.text(), secrets)).toEqual([`Google Books API key as ${JSON.stringify(encodeURIComponent(GOOGLE_KEY))}`]);
    expect(leaks(JSON.stringify({ password: QBT_PASSWORD }), secrets)).toContain(`qBittorrent password as ${JSON.stringify(JSON.stringify(QBT_PASSWORD).slice(1, -1))}`);
  });

  it('Audiobookshelf: API key and login (password, access token), socket, 401/500/timeout/drift/malformed', async () => {
    const abs = fakes.abs;
    const byKey = new AbsClient({ baseUrl: abs.url, auth: { apiKey: abs.controls.apiKey }, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    const [library] = await byKey.libraries();
    const page = await byKey.listItems(library!.id, { limit: 2 });
    await byKey.getItem(page.items[0]!.id);
    await byKey.search(library!.id, 'the');

    const byLogin = new AbsClient({ baseUrl: abs.url, auth: { username: abs.controls.username, password: ABS_PASSWORD }, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    const login = await byLogin.login();
    secrets.set('ABS access token', login.accessToken);
    await byLogin.libraries();
    abs.controls.expireAccessTokens(); // 401, then one re-login with the password
    await byLogin.libraries();

    const socket = new AbsSocketClient({ baseUrl: abs.url, logger: log.logger, token: () => byLogin.login().then((l) => l.accessToken), connectTimeoutMs: 2_000 });
    await socket.connect();
    socket.close();
    const refused = new AbsSocketClient({ baseUrl: abs.url, logger: log.logger, token: abs.controls.apiKey, connectTimeoutMs: 500, reconnect: { initialDelayMs: 50, maxDelayMs: 100 } });
    expect((await fails(refused.connect())).code).toBe('auth');
    refused.close();

    const wrong = new AbsClient({ baseUrl: abs.url, auth: { username: abs.controls.username, password: `${ABS_PASSWORD}-wrong` }, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    secrets.set('wrong ABS password', `${ABS_PASSWORD}-wrong`);
    expect((await fails(wrong.libraries())).code).toBe('auth');
    for (const fault of ['server_error', 'timeout', 'drifted', 'malformed_json', 'expired_session', 'rate_limited'] as const) {
      await withFault(abs.controls.faults, fault, () => fails(byKey.libraries()));
    }
    expect(log.lines.length).toBeGreaterThan(10);
    assertClean();
  });

  it('qBittorrent: login (password, session cookie), add/list, wrong password, expired session, 500, timeout', async () => {
    const qbt = fakes.qbittorrent;
    const client = new QbittorrentClient({ baseUrl: qbt.url, username: qbt.controls.username, password: QBT_PASSWORD, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    await client.version();
    const cookie = qbt.controls.requests.map((r) => r.headers.cookie).find((c): c is string => typeof c === 'string');
    const sid = /=([^;]+)/.exec(cookie ?? '')?.[1];
    expect(sid).toBeTruthy();
    secrets.set('qBittorrent session id', sid!);
    const added = await client.addTorrent({ torrent: fakeTorrentBytes({ id: 5, title: 'Some Book' }), category: 'audiobooks', tags: ['shelfkeeper'] });
    await client.torrents({ hashes: [added.hash] });
    await client.categories();
    await client.preferences();
    qbt.controls.expireSessions(); // 403 → one re-login with the password
    await client.torrents();

    const wrong = new QbittorrentClient({ baseUrl: qbt.url, username: qbt.controls.username, password: 'qbt wrong+/=pass', logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    secrets.set('wrong qBittorrent password', 'qbt wrong+/=pass');
    expect((await fails(wrong.login())).code).toBe('auth');
    for (const fault of ['server_error', 'timeout', 'expired_session', 'drifted', 'rate_limited'] as const) {
      await withFault(qbt.controls.faults, { mode: fault, path: '/api/v2/torrents' }, () => fails(client.torrents()));
    }
    assertClean();
  });

  it('Prowlarr: API key in header and in download links, search/download/grab, 401/500/timeout/drift', async () => {
    const p = fakes.prowlarr;
    const client = new ProwlarrClient({ baseUrl: p.url, apiKey: PROWLARR_KEY, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    await client.systemStatus();
    await client.indexers();
    const [release] = await client.search({ query: 'hail mary' });
    expect(release!.downloadUrl).toContain(PROWLARR_KEY);
    const link = new URL(release!.downloadUrl!).searchParams.get('link');
    if (link) secrets.set('Prowlarr proxied link', link);
    await client.downloadTorrent(release!);
    await client.grab(release!);

    const wrong = new ProwlarrClient({ baseUrl: p.url, apiKey: 'prowlarrWrongKey000111', logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    secrets.set('wrong Prowlarr key', 'prowlarrWrongKey000111');
    expect((await fails(wrong.search({ query: 'x' }))).code).toBe('auth');
    for (const fault of ['server_error', 'timeout', 'drifted', 'malformed_json', 'rate_limited'] as const) {
      await withFault(p.controls.faults, fault, () => fails(client.search({ query: 'hail mary' })));
    }
    // The download link carries the key in its query: its failures must not echo it.
    for (const fault of ['server_error', 'timeout', 'malformed_json', 'rate_limited', 'expired_session'] as const) {
      await withFault(p.controls.faults, { mode: fault, path: /download/ }, () => fails(client.downloadTorrent(release!)));
    }
    expect(errors.join('\n')).toMatch(/download\?[^"\n]*apikey=\*\*\*/);
    p.controls.expireGrabCache();
    await fails(client.grab(release!));
    assertClean();
  });

  it('Google Books: API key in the query string, lookups, invalid/expired key, 429, 503, timeout', async () => {
    const g = fakes.googleBooks;
    const client = new GoogleBooksClient({ baseUrl: g.apiUrl, apiKey: GOOGLE_KEY, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    await client.search({ title: 'Dune', author: 'Frank Herbert' });
    await client.getByIsbn('9780441172719');
    await client.getVolume('vol1');
    await client.getVolume('missing');

    const wrong = new GoogleBooksClient({ baseUrl: g.apiUrl, apiKey: 'AIzaWrong+Key/000', logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    secrets.set('wrong Google key', 'AIzaWrong+Key/000');
    expect((await fails(wrong.search({ title: 'Dune' }))).code).toBe('auth');
    for (const fault of ['expired_session', 'rate_limited', 'server_error', 'timeout', 'drifted', 'malformed_json'] as const) {
      await withFault(g.faults, fault, () => fails(client.search({ title: `Dune ${fault}` })));
    }
    // The request URLs (which carry the key) really were logged and reported — masked.
    expect(log.text()).toMatch(/volumes\?[^"]*key=\*\*\*/);
    expect(errors.join('\n')).toMatch(/volumes\?[^"\n]*key=\*\*\*/);
    assertClean();
  });

  it('Hardcover: bearer token, search and lookups, invalid/expired token, 429, 500, timeout, drift', async () => {
    const h = fakes.hardcover;
    const client = new HardcoverClient({ baseUrl: h.apiUrl, token: HARDCOVER_TOKEN, logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    await client.search({ title: 'Dune' });
    await client.getBook(1);

    const wrong = new HardcoverClient({ baseUrl: h.apiUrl, token: 'hc.Wrong+Token/000', logger: log.logger, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    secrets.set('wrong Hardcover token', 'hc.Wrong+Token/000');
    expect((await fails(wrong.search({ title: 'Dune' }))).code).toBe('auth');
    for (const fault of ['expired_session', 'rate_limited', 'server_error', 'timeout', 'drifted', 'malformed_json'] as const) {
      await withFault(h.faults, fault, () => fails(client.search({ title: `Dune ${fault}` })));
    }
    assertClean();
  });

  it('MyAnonamouse: mam_id cookie, dl tokens, session rotation, 403/HTML expiry, 429, 500, timeout', async () => {
    const m = fakes.mam;
    // The per-3-seconds window would make this test slow; the secrets, not the pacing, are under test here.
    const windows = [{ name: 'test', limit: 1_000, windowMs: 1_000 }];
    const client = new MamClient({ mamId: MAM_ID, baseUrl: m.url, logger: log.logger, windows, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    await client.checkSession();
    const found = await client.search({ text: 'dune', withDownloadTokens: true });
    const tokens = found.torrents.map((t) => t.downloadToken).filter((t): t is string => Boolean(t));
    expect(tokens.length).toBe(2);
    tokens.forEach((t, i) => secrets.set(`MAM download token ${i}`, t));
    await client.downloadTorrent({ downloadToken: tokens[0]! });
    await client.downloadTorrent({ id: 12 });
    await client.topTorrents({ from: new Date('2026-01-01'), to: new Date('2026-12-31') });
    m.session.rotateTo = MAM_ROTATED;
    await client.checkSession(); // MAM answers with a new cookie; the client adopts it
    await client.checkSession();

    const stale = new MamClient({ mamId: MAM_ID, baseUrl: m.url, logger: log.logger, windows, timeoutMs: TIMEOUT_MS, retry: FAST_RETRY });
    expect((await fails(stale.checkSession())).code).toBe('session_expired');
    await fails(stale.downloadTorrent({ id: 11 }));
    m.expiredAs = 'html';
    await withFault(m.faults, 'expired_session', () => fails(client.search({ text: 'dune' })));
    m.expiredAs = 'forbidden';
    for (const fault of ['expired_session', 'rate_limited', 'server_error', 'timeout', 'drifted', 'malformed_json'] as const) {
      await withFault(m.faults, fault, () => fails(client.search({ text: 'dune', withDownloadTokens: true })));
    }
    await withFault(m.faults, { mode: 'server_error', path: '/tor/download.php' }, () => fails(client.downloadTorrent({ downloadToken: tokens[1]! })));
    assertClean();
  });

  it('over everything captured in this file: no configured or learnt secret in any log line or error', () => {
    // The client-created secrets above were all registered; more than a handful of lines were really produced.
    expect(secrets.size).toBeGreaterThanOrEqual(15);
    expect(errors.length).toBeGreaterThan(100);
    assertClean();
  });
});
