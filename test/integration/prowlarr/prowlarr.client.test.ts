import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selectRelease } from '../../../src/core/releases/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { ProwlarrClient } from '../../../src/integrations/prowlarr/index.js';
import { startProwlarrFake, type FakeRelease, type ProwlarrFake } from '../../fakes/prowlarr/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as IntegrationError,
  );

describe('ProwlarrClient against the Prowlarr fake', () => {
  let fake: ProwlarrFake;
  let client: ProwlarrClient;
  let hailMary: FakeRelease;
  let publicCopy: FakeRelease;
  const log = captureLogs();

  beforeAll(async () => {
    fake = await startProwlarrFake();
    hailMary = fake.controls.addRelease({ title: 'Project Hail Mary by Andy Weir [ENG / M4B]', freeleech: true, seeders: 25, leechers: 2 });
    publicCopy = fake.controls.addRelease({ title: 'Project Hail Mary - Andy Weir (2021) MP3', indexerId: 3, categories: [3030], seeders: 4, leechers: 0 });
    fake.controls.addRelease({ title: 'Project Hail Mary by Andy Weir [EPUB]', categories: [7020, 100060] });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.controls.faults.clear();
    fake.controls.setIndexerFailing(7, false);
    fake.controls.setIndexerFailing(3, false);
    fake.controls.state.downloadClientConfigured = true;
    client = new ProwlarrClient({
      baseUrl: fake.url,
      apiKey: fake.controls.apiKey,
      logger: log.logger,
      categories: [100039],
      timeoutMs: 400,
      retry: { baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    });
  });

  it('searches audiobook categories with repeated keys and maps releases to domain types', async () => {
    const results = await client.search({ query: 'hail mary' });
    expect(results.map((r) => r.title).sort()).toEqual([hailMary.title, publicCopy.title].sort());
    const mam = results.find((r) => r.guid === hailMary.guid)!;
    expect(mam).toMatchObject({
      title: hailMary.title,
      sizeBytes: hailMary.size,
      seeders: 25,
      leechers: 2,
      categories: [3030, 100039],
      indexerId: 7,
      indexer: 'MyAnonamouse',
      freeleech: true,
      vip: false,
      personalFreeleech: false,
      flags: ['freeleech'],
      infoUrl: hailMary.infoUrl,
      protocol: 'torrent',
      publishDate: '2024-03-15T14:30:00.000Z',
    });
    expect(mam.downloadUrl).toContain('/7/download?');
    expect(results.find((r) => r.guid === publicCopy.guid)?.freeleech).toBe(false);
    const sent = fake.controls.requests.at(-1)!;
    expect(sent.query.categories).toEqual(['3030', '100039']);
    expect(sent.headers['x-api-key']).toBe(fake.controls.apiKey);
  });

  it('gives results release selection judges as they come', async () => {
    const results = await client.search({ query: 'hail mary' });
    const decision = selectRelease({ title: 'Project Hail Mary', authors: ['Andy Weir'], series: [], durationMinutes: null }, results);
    expect(decision.best?.result.guid).toBe(hailMary.guid);
    expect(decision.acceptable.map((j) => j.result.guid)).toEqual([hailMary.guid, publicCopy.guid]);
  });

  it('limits to chosen indexers', async () => {
    const results = await client.search({ query: 'hail mary', indexerIds: [3] });
    expect(results.map((r) => r.guid)).toEqual([publicCopy.guid]);
  });

  it('shows a failing indexer as unhealthy while its search silently contributes nothing', async () => {
    fake.controls.setIndexerFailing(7, true);
    const results = await client.search({ query: 'hail mary' });
    expect(results.map((r) => r.indexerId)).toEqual([3]);
    const indexers = await client.indexers();
    expect(indexers.find((i) => i.id === 7)).toMatchObject({ name: 'MyAnonamouse', healthy: false });
    expect(indexers.find((i) => i.id === 7)?.disabledUntil).toBeInstanceOf(Date);
    expect(indexers.find((i) => i.id === 3)?.healthy).toBe(true);
    expect((await client.health())[0]?.message).toMatch(/MyAnonamouse/);
  });

  it('reports "all selected indexers unavailable" as an error, not as no results', async () => {
    fake.controls.setIndexerFailing(7, true);
    const err = await failure(client.search({ query: 'hail mary', indexerIds: [7] }));
    expect(err.code).toBe('bad_request');
    expect(err.message).toMatch(/all selected indexers being unavailable/);
  });

  it('downloads the .torrent through downloadUrl and computes its hash, even when the link names another host', async () => {
    const [release] = await client.search({ query: 'hail mary', indexerIds: [7] });
    const got = await client.downloadTorrent(release!);
    expect(got.infoHash).toBe(hailMary.infoHash);
    expect(got.name).toBe(hailMary.title);
    const internal = release!.downloadUrl!.replace(new URL(fake.url).host, 'prowlarr:9696');
    const again = await client.downloadTorrent({ ...release!, downloadUrl: internal });
    expect(again.infoHash).toBe(hailMary.infoHash);
  });

  it('fails clearly when the download link does not give a torrent', async () => {
    const [release] = await client.search({ query: 'hail mary', indexerIds: [7] });
    const broken = release!.downloadUrl!.replace(/link=[^&]+/, 'link=bm9wZQ');
    const err = await failure(client.downloadTorrent({ ...release!, downloadUrl: broken }));
    expect(err.code).toBe('not_found');
    fake.controls.setFault({ mode: 'malformed_json', path: '/7/download' });
    const err2 = await failure(client.downloadTorrent(release!));
    expect(err2.code).toBe('invalid_response');
  });

  it('does not follow a redirecting download link (the API key header would go along)', async () => {
    const magnet = fake.controls.addRelease({ title: 'Magnet Only Book', indexerId: 3, redirectTo: 'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567' });
    const [release] = await client.search({ query: 'magnet only', indexerIds: [3] });
    expect(release?.guid).toBe(magnet.guid);
    const err = await failure(client.downloadTorrent(release!));
    expect(err.code).toBe('invalid_response');
    expect(err.message).toMatch(/redirected/);
  });

  it('grabs a release found by a recent search, and says to search again after the 30-minute cache', async () => {
    const [release] = await client.search({ query: 'hail mary', indexerIds: [7] });
    await client.grab(release!);
    expect(fake.controls.state.grabs).toContainEqual({ guid: hailMary.guid, indexerId: 7 });
    fake.controls.expireGrabCache();
    const err = await failure(client.grab(release!));
    expect(err.code).toBe('not_found');
    expect(err.message).toMatch(/search again/);
  });

  it('maps grab failures: no download client in Prowlarr, bad input', async () => {
    const [release] = await client.search({ query: 'hail mary', indexerIds: [7] });
    fake.controls.state.downloadClientConfigured = false;
    const noClient = await failure(client.grab(release!));
    expect(noClient.code).toBe('server_error');
    expect(noClient.message).toMatch(/download client/i);
    const invalid = await failure(client.grab({ guid: '', indexerId: 0 }));
    expect(invalid.code).toBe('bad_request');
  });

  it('rejects a wrong API key as an auth error', async () => {
    const bad = new ProwlarrClient({ baseUrl: fake.url, apiKey: 'wrong-key-123456', logger: log.logger });
    const err = await failure(bad.search({ query: 'x' }));
    expect(err.code).toBe('auth');
    expect(err.status).toBe(401);
  });

  it('reads the system status', async () => {
    expect(await client.systemStatus()).toMatchObject({ appName: 'Prowlarr' });
  });

  describe('fault modes', () => {
    it('latency below the timeout is waited out', async () => {
      fake.controls.setFault({ mode: 'latency', latencyMs: 150, times: 1 });
      expect((await client.search({ query: 'hail mary' })).length).toBe(2);
    });
    it('429 with a short Retry-After is retried', async () => {
      fake.controls.setFault({ mode: 'rate_limited', retryAfter: 0, times: 1 });
      expect((await client.search({ query: 'hail mary' })).length).toBe(2);
      expect(fake.controls.requests.filter((r) => r.path === '/api/v1/search').length).toBeGreaterThanOrEqual(2);
    });
    it('429 with a long Retry-After is a rate_limited error carrying the wait', async () => {
      fake.controls.setFault({ mode: 'rate_limited', retryAfter: 600 });
      const err = await failure(client.search({ query: 'hail mary' }));
      expect(err).toMatchObject({ code: 'rate_limited', retryAfterMs: 600_000 });
    });
    it('a 500 is retried once, a persistent one is a server_error', async () => {
      fake.controls.setFault({ mode: 'server_error', times: 1 });
      expect((await client.search({ query: 'hail mary' })).length).toBe(2);
      fake.controls.setFault({ mode: 'server_error' });
      expect((await failure(client.search({ query: 'hail mary' }))).code).toBe('server_error');
    });
    it('a timeout is a timeout, not an empty result', async () => {
      fake.controls.setFault({ mode: 'timeout' });
      expect((await failure(client.search({ query: 'hail mary' }))).code).toBe('timeout');
    });
    it('malformed JSON and a drifted shape are invalid_response', async () => {
      fake.controls.setFault({ mode: 'malformed_json' });
      expect((await failure(client.search({ query: 'hail mary' }))).code).toBe('invalid_response');
      fake.controls.setFault({ mode: 'drifted' });
      expect((await failure(client.search({ query: 'hail mary' }))).code).toBe('invalid_response');
      expect((await failure(client.indexers())).code).toBe('invalid_response');
    });
    it('an expired key (401) is an auth error', async () => {
      fake.controls.setFault({ mode: 'expired_session' });
      expect((await failure(client.search({ query: 'hail mary' }))).code).toBe('auth');
    });
  });

  it('never logs the API key, even though download links embed it', async () => {
    const [release] = await client.search({ query: 'hail mary', indexerIds: [7] });
    await client.downloadTorrent(release!);
    fake.controls.setFault({ mode: 'server_error', path: '/7/download' });
    const err = await failure(client.downloadTorrent(release!));
    expect(err.message).not.toContain(fake.controls.apiKey);
    expect(log.lines.length).toBeGreaterThan(0);
    expect(log.text()).not.toContain(fake.controls.apiKey);
    expect(log.text()).toContain('download');
  });
});
