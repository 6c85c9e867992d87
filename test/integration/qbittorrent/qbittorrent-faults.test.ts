import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { QbittorrentClient } from '../../../src/integrations/qbittorrent/index.js';
import { startQbittorrentFake, type QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { makeTorrent, payloadBytes } from '../../fixtures/torrents/make-torrent.js';
import { captureLogs } from '../../helpers/log-capture.js';

const failure = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as IntegrationError);

describe('QbittorrentClient fault handling (5.2 fake)', () => {
  let fake: QbittorrentFake;
  let client: QbittorrentClient;
  const log = captureLogs();
  const logins = () => fake.controls.requests.filter((r) => r.path === '/api/v2/auth/login').length;

  beforeAll(async () => {
    fake = await startQbittorrentFake({ version: '5.2' });
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    fake.controls.faults.clear();
    client = new QbittorrentClient({
      baseUrl: fake.url,
      username: fake.controls.username,
      password: fake.controls.password,
      logger: log.logger,
      timeoutMs: 400,
      retry: { baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    });
    await client.login();
    fake.controls.requests.length = 0;
  });

  it('uses the QBT_SID_<port> cookie of 5.2', () => {
    const port = new URL(fake.url).port;
    return client.torrents().then(() => {
      const cookie = String(fake.controls.requests.at(-1)?.headers.cookie);
      expect(cookie.startsWith(`QBT_SID_${port}=`)).toBe(true);
    });
  });

  it('logs in again exactly once when the session expired, then succeeds', async () => {
    fake.controls.expireSessions();
    await expect(client.torrents()).resolves.toEqual([]);
    expect(logins()).toBe(1);
  });

  it('gives up with session_expired when 403 persists after one re-login', async () => {
    fake.controls.setFault({ mode: 'expired_session', path: '/api/v2/torrents' });
    const err = await failure(client.torrents());
    expect(err).toBeInstanceOf(IntegrationError);
    expect(err.code).toBe('session_expired');
    expect(logins()).toBe(1);
  });

  it('waits out latency below the timeout', async () => {
    fake.controls.setFault({ mode: 'latency', latencyMs: 150, times: 1 });
    await expect(client.categories()).resolves.toEqual([]);
  });

  it('reports a timeout as a retryable timeout error, never as "no torrents"', async () => {
    fake.controls.setFault({ mode: 'timeout' });
    const err = await failure(client.torrents());
    expect(err.code).toBe('timeout');
    expect(err.retryable).toBe(true);
  });

  it('retries a read after one 500 and succeeds', async () => {
    fake.controls.setFault({ mode: 'server_error', times: 1 });
    await expect(client.torrents()).resolves.toEqual([]);
  });

  it('surfaces a persistent 500 as server_error', async () => {
    fake.controls.setFault({ mode: 'server_error' });
    const err = await failure(client.torrents());
    expect(err.code).toBe('server_error');
    expect(err.status).toBe(500);
  });

  it('honours a short Retry-After on 429 and succeeds', async () => {
    fake.controls.setFault({ mode: 'rate_limited', retryAfter: 1, times: 1 });
    const started = Date.now();
    await expect(client.torrents()).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('reports a long Retry-After as rate_limited with the wait, without blocking', async () => {
    fake.controls.setFault({ mode: 'rate_limited', retryAfter: 120 });
    const err = await failure(client.torrents());
    expect(err.code).toBe('rate_limited');
    expect(err.retryAfterMs).toBe(120_000);
  });

  it('turns malformed JSON into invalid_response', async () => {
    fake.controls.setFault({ mode: 'malformed_json' });
    const err = await failure(client.torrents());
    expect(err.code).toBe('invalid_response');
  });

  it('turns a drifted torrent shape into invalid_response, not undefined fields', async () => {
    const t = makeTorrent({ name: 'Drift', files: [{ path: 'a', content: payloadBytes(100, 'd') }] });
    await client.addTorrent({ torrent: t.bytes });
    fake.controls.setFault({ mode: 'drifted' });
    const err = await failure(client.torrents());
    expect(err.code).toBe('invalid_response');
    expect(err.message).toMatch(/unexpected response shape/);
  });

  it('maps a refused add (409, nothing added) of a torrent it does not have to a conflict error', async () => {
    const t = makeTorrent({ name: 'Refused', files: [{ path: 'a', content: payloadBytes(100, 'r') }] });
    fake.controls.state.refuseAdds = true;
    try {
      const err = await failure(client.addTorrent({ torrent: t.bytes }));
      expect(err.code).toBe('conflict');
    } finally {
      fake.controls.state.refuseAdds = false;
    }
  });

  it('never puts the password or cookie in logs or errors', async () => {
    fake.controls.setFault({ mode: 'server_error' });
    const err = await failure(client.torrents());
    expect(JSON.stringify(err.toJSON())).not.toContain(fake.controls.password);
    expect(log.text()).not.toContain(fake.controls.password);
    expect(log.text()).not.toMatch(/QBT_SID_\d+=[A-Za-z0-9]{8,}/);
  });
});

describe('QbittorrentClient against the 5.1 fake (text replies, SID cookie)', () => {
  let fake: QbittorrentFake;
  beforeAll(async () => {
    fake = await startQbittorrentFake({ version: '5.1' });
  });
  afterAll(() => fake.close());

  it('treats `Fails.` in a 200 as bad credentials', async () => {
    const bad = new QbittorrentClient({ baseUrl: fake.url, username: 'admin', password: 'wrong-one', logger: captureLogs().logger });
    const err = await failure(bad.login());
    expect(err.code).toBe('auth');
    expect(err.status).toBe(200);
  });

  it('sends the SID cookie it received', async () => {
    const client = new QbittorrentClient({ baseUrl: fake.url, username: fake.controls.username, password: fake.controls.password, logger: captureLogs().logger });
    await client.torrents();
    expect(String(fake.controls.requests.at(-1)?.headers.cookie)).toMatch(/^SID=/);
  });
});
