import { afterEach, describe, expect, it } from 'vitest';
import { integrationProbes } from '../../../src/app/integration-probes.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { startMirror } from './live-mirror.suite.js';

/** What only the fake can arrange: a socket dropped at a chosen moment, 45 books at once, a podcast library. */
describe('catch-up and live-event modes (ABS fake)', () => {
  let fake: AbsFake;
  let mirror: Awaited<ReturnType<typeof startMirror>> | undefined;
  afterEach(async () => {
    await mirror?.stop();
    mirror = undefined;
    await fake.close();
  });
  const target = () => ({
    url: fake.url,
    username: fake.controls.username,
    password: fake.controls.password,
    apiKey: fake.controls.apiKey,
    legacyToken: async () => '',
  });
  const until = async <T>(fn: () => Promise<T> | T, ok: (v: T) => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('a fresh start against a 45-book library has all 45 in the mirror within 10 s', async () => {
    fake = await startAbsFake({ books: 45 });
    const started = Date.now();
    mirror = await startMirror(target(), 'user + API key');
    expect(await until(mirror.count, (n) => n === 45, 10_000)).toBe(45);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a socket reconnection re-authenticates and runs the catch-up pass: a change no event announced is mirrored', async () => {
    fake = await startAbsFake({ books: 3 });
    mirror = await startMirror(target(), 'user + API key');
    await until(mirror.count, (n) => n === 3, 5_000);
    await until(() => mirror!.connected(), (c) => c, 5_000);
    const attempts = fake.controls.socketAuthAttempts().length;
    const [item] = fake.controls.store.items.values();
    fake.controls.dropSockets();
    // Changed while the socket was down: ABS sends the event to nobody.
    item!.metadata.title = 'Changed While Disconnected';
    item!.updatedAt = Date.now();
    const row = await until(() => mirror!.book(item!.id), (b) => b?.title === 'Changed While Disconnected', 5_000);
    expect(row?.title).toBe('Changed While Disconnected');
    expect(fake.controls.socketAuthAttempts().length).toBeGreaterThan(attempts);
    expect(mirror.connected()).toBe(true);
  });

  it('API key only: live events off, said once; the library sync runs every 5 minutes; doctor and /ready say why', async () => {
    fake = await startAbsFake({ books: 2 });
    const log = captureLogs();
    mirror = await startMirror(target(), 'API key only', undefined, log.logger);
    expect(await until(mirror.count, (n) => n === 2, 5_000)).toBe(2);
    expect(mirror.connected()).toBe(false);
    expect(mirror.registry.get('library-sync')!.schedule).toEqual({ every: '5 minutes' });
    await until(() => log.lines.filter((l) => l.includes('refused the socket login')).length, (n) => n > 0, 3_000);
    expect(log.lines.filter((l) => l.includes('live events: off (API key only — set ABS_USERNAME/ABS_PASSWORD)')).length).toBeGreaterThanOrEqual(1);
    expect(log.lines.filter((l) => l.includes('refused the socket login')).length).toBe(1);
    const probe = integrationProbes(mirror.services.config, mirror.services.clients, 5_000).audiobookshelf!;
    expect((await probe()).detail).toBe('1 library, live events: off (API key only — set ABS_USERNAME/ABS_PASSWORD)');
  });

  it('with a user: live events on, the sync stays at 15 minutes, the probe names the user; a wrong password fails it with the reason', async () => {
    fake = await startAbsFake({ books: 1 });
    mirror = await startMirror(target(), 'user + API key');
    expect(mirror.registry.get('library-sync')!.schedule).toEqual({ every: '15 minutes' });
    const probe = integrationProbes(mirror.services.config, mirror.services.clients, 5_000).audiobookshelf!;
    expect((await probe()).detail).toBe(`1 library, live events: on (user ${fake.controls.username}, REST with API key)`);
    const wrong = await startMirror({ ...target(), password: 'not-the-password' }, 'user + API key');
    try {
      const failing = integrationProbes(wrong.services.config, wrong.services.clients, 5_000).audiobookshelf!;
      await expect(failing()).rejects.toMatchObject({ code: 'auth' });
    } finally {
      await wrong.stop();
    }
  });

  it('an expired access token in ABS_API_TOKEN: the probe is unhealthy with the reason (a 401), and says the mode first', async () => {
    fake = await startAbsFake({ books: 1 });
    const token = fake.controls.issueAccessToken();
    mirror = await startMirror({ ...target(), apiKey: token }, 'API key only');
    const probe = integrationProbes(mirror.services.config, mirror.services.clients, 5_000).audiobookshelf!;
    expect((await probe()).detail).toBe('1 library, live events: until the access token expires (1 h; set ABS_USERNAME/ABS_PASSWORD)');
    fake.controls.expireAccessTokens();
    await expect(probe()).rejects.toMatchObject({ code: 'auth', status: 401 });
  });

  it('podcast libraries are skipped quietly: one info line at start, no warning per event', async () => {
    fake = await startAbsFake({ books: 1 });
    const podcasts = fake.controls.addPodcastLibrary('Podcasts');
    const log = captureLogs();
    mirror = await startMirror(target(), 'user + API key', undefined, log.logger);
    await until(() => mirror!.connected(), (c) => c, 5_000);
    for (let i = 0; i < 3; i += 1) fake.controls.emit('item_updated', { id: `pod-${i}`, libraryId: podcasts.id, mediaType: 'podcast', media: { metadata: { title: 'Episode' } } });
    fake.controls.emit('items_updated', [{ id: 'pod-9', libraryId: podcasts.id, mediaType: 'podcast', media: {} }]);
    await until(() => log.lines.some((l) => l.includes('podcast libraries are skipped')), (x) => x, 3_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(log.lines.filter((l) => l.includes('podcast libraries are skipped'))).toHaveLength(1);
    expect(log.lines.filter((l) => l.includes('"level":40'))).toEqual([]);
  });
});
