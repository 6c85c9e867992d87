import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startQbittorrentFake, type FinishedHookArgs, type QbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { makeTorrent, payloadBytes } from '../../fixtures/torrents/make-torrent.js';

/** The fake's own wire contract (contracts §3, §10), checked with plain fetch so later tests can rely on it. */
describe('qBittorrent 5.2 fake wire behaviour', () => {
  let fake: QbittorrentFake;
  let cookie: string;
  const call = (path: string, init: RequestInit = {}) => fetch(`${fake.url}/api/v2/${path}`, { ...init, headers: { cookie, ...(init.headers ?? {}) } });

  beforeAll(async () => {
    fake = await startQbittorrentFake({ version: '5.2', downloadMs: 50 });
    const login = await fetch(`${fake.url}/api/v2/auth/login`, { method: 'POST', body: new URLSearchParams({ username: fake.controls.username, password: fake.controls.password }) });
    expect(login.status).toBe(204);
    cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect(cookie.startsWith(`QBT_SID_${new URL(fake.url).port}=`)).toBe(true);
  });
  afterAll(() => fake.close());

  it('answers 401 to a bad password, 403 without a session, and bans after 5 failures', async () => {
    const bad = () => fetch(`${fake.url}/api/v2/auth/login`, { method: 'POST', body: new URLSearchParams({ username: 'admin', password: 'nope' }) });
    expect((await bad()).status).toBe(401);
    expect((await fetch(`${fake.url}/api/v2/torrents/info`)).status).toBe(403);
    for (let i = 0; i < 4; i += 1) await bad();
    const banned = await bad();
    expect(banned.status).toBe(403);
    expect(await banned.text()).toMatch(/banned/);
    fake.controls.sessions.failures = 0;
  });

  it('accepts state changes only by POST, 404s unknown and 4.x endpoints', async () => {
    expect((await call('torrents/stop?hashes=all')).status).toBe(405);
    expect((await call('torrents/pause', { method: 'POST', body: new URLSearchParams({ hashes: 'all' }) })).status).toBe(404);
    expect((await call('torrents/nothing')).status).toBe(404);
    expect((await call('torrents/delete', { method: 'POST', body: new URLSearchParams({ hashes: 'all' }) })).status).toBe(400);
  });

  it('rejects a cross-site Origin with 401', async () => {
    expect((await call('app/version', { headers: { origin: 'http://evil.example' } })).status).toBe(401);
  });

  it('answers add with JSON 200, a duplicate with 409, a URL with 202, garbage with 415', async () => {
    const t = makeTorrent({ name: 'Wire', files: [{ path: 'a', content: payloadBytes(10, 'w') }] });
    const form = () => {
      const f = new FormData();
      f.append('torrents', new Blob([t.bytes]), 'wire.torrent');
      return f;
    };
    const first = await call('torrents/add', { method: 'POST', body: form() });
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ success_count: 1, failure_count: 0, pending_count: 0, added_torrent_ids: [t.infoHash] });
    expect((await call('torrents/add', { method: 'POST', body: form() })).status).toBe(409);
    expect((await call('torrents/add', { method: 'POST', body: new URLSearchParams({ urls: 'http://x/y.torrent' }) })).status).toBe(202);
    const junk = new FormData();
    junk.append('torrents', new Blob(['<html>']), 'junk.torrent');
    expect((await call('torrents/add', { method: 'POST', body: junk })).status).toBe(415);
  });

  it('treats the 4.x filter name `paused` as all, as 5.x does', async () => {
    const all = (await (await call('torrents/info')).json()) as unknown[];
    const paused = (await (await call('torrents/info?filter=paused')).json()) as unknown[];
    expect(paused.length).toBe(all.length);
  });

  it('fires the finished hook with the documented placeholders', async () => {
    const fired: FinishedHookArgs[] = [];
    fake.controls.onFinished((args) => fired.push(args));
    const t = makeTorrent({ name: 'Hooked', files: [{ path: 'x.mp3', content: payloadBytes(10, 'h') }, { path: 'y.mp3', content: payloadBytes(10, 'i') }] });
    const f = new FormData();
    f.append('torrents', new Blob([t.bytes]), 'h.torrent');
    f.append('category', 'audiobooks');
    f.append('tags', 'a,b');
    await call('torrents/add', { method: 'POST', body: f });
    await new Promise((r) => setTimeout(r, 200));
    expect(fired.find((a) => a.I === t.infoHash)).toMatchObject({ N: 'Hooked', L: 'audiobooks', G: 'a,b', F: '/downloads/Hooked', C: '2', Z: '20', J: '-' });
  });
});
