import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MamClient } from '../../../src/integrations/mam/mam.client.js';
import { MamHealth } from '../../../src/integrations/mam/mam.health.js';
import { toIndexerResult } from '../../../src/integrations/mam/mam.mapper.js';
import { parsePeople, parseSeries } from '../../../src/integrations/mam/mam.info-fields.js';
import { startMamFake, type MamFake } from '../../fakes/mam/mam.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FAULT_CASES, expectFault } from '../providers/fault-modes.js';

const MAM_ID = 'mamSESSIONvalue%2Babc123xyz';
let fake: MamFake;
beforeAll(async () => {
  fake = await startMamFake({
    mamId: MAM_ID,
    torrents: [
      { id: 101, title: 'Project Hail Mary', authors: ['Andy Weir'], narrators: ['Ray Porter'], series: [{ name: 'Standalone', number: '1' }], category: 47, seeders: 25, timesCompleted: 210, free: true, size: '488.3 MiB', added: '2026-08-20 10:00:00' },
      { id: 102, title: 'The Martian', authors: ['Andy Weir'], category: 47, vip: true, timesCompleted: 500, numbersAsStrings: true, added: '2026-08-21 10:00:00' },
      { id: 103, title: 'Old Classic', authors: ['Someone'], category: 47, timesCompleted: 9_999, added: '2025-01-01 00:00:00' },
      { id: 104, title: 'A "Quoted" Book', authors: [], rawAuthorInfo: '{"11":"Jane "JJ" Doe","12":"Bob Roe"}', rawSeriesInfo: '{"5":["Broken "Saga"","3",3]}', category: 41, timesCompleted: 50, added: '2026-08-22 10:00:00' },
    ],
  });
});
afterAll(() => fake.close());
afterEach(() => fake.faults.clear());

function client(extra: { mamId?: string; health?: MamHealth; onSessionRotated?: (v: string) => void } = {}) {
  const logs = captureLogs();
  const clock = new FakeClock();
  const c = new MamClient({ baseUrl: fake.url, mamId: extra.mamId ?? fake.session.mamId, logger: logs.logger, clock, timeoutMs: 300, retry: { baseDelayMs: 10 }, ...(extra.health ? { health: extra.health } : {}), ...(extra.onSessionRotated ? { onSessionRotated: extra.onSessionRotated } : {}) });
  return { client: c, logs, clock };
}

describe('MyAnonamouse client against its fake', () => {
  it('searches with the session cookie and maps flags, people, series, size and date', async () => {
    const { client: c } = client();
    const result = await c.search({ text: 'weir', searchIn: ['author'] });
    expect(result.found).toBe(2);
    const phm = result.torrents.find((t) => t.id === 101);
    expect(phm).toMatchObject({ authors: ['Andy Weir'], narrators: ['Ray Porter'], series: [{ name: 'Standalone', sequence: '1' }], seeders: 25, freeleech: true, vip: false, language: 'en', fileType: 'm4b', sizeBytes: Math.round(488.3 * 1024 ** 2), addedAt: '2026-08-20T10:00:00.000Z' });
    const martian = result.torrents.find((t) => t.id === 102);
    expect(martian).toMatchObject({ vip: true, snatches: 500, seeders: 10 }); // numeric strings coerced
    expect(fake.requests.at(-1)?.headers.cookie).toBe(`mam_id=${fake.session.mamId}`);
    const indexed = toIndexerResult(phm!, fake.url);
    expect(indexed).toMatchObject({ title: 'Project Hail Mary by Andy Weir [ENG / M4B]', categories: [3030, 100_047], freeleech: true, protocol: 'torrent' });
  });

  it('zero hits ("Nothing returned") is an empty result, not an error', async () => {
    const result = await client().client.search({ text: 'zzzz nothing' });
    expect(result).toEqual({ found: 0, torrents: [], skipped: 0 });
  });

  it('tolerates malformed JSON inside author_info/series_info', async () => {
    const [t] = (await client().client.search({ text: 'quoted' })).torrents;
    expect(t?.authors).toEqual(['Jane "JJ" Doe', 'Bob Roe']);
    expect(t?.series).toEqual([{ name: 'Broken "Saga"', sequence: '3' }]);
    expect(parsePeople('not json at all')).toEqual([]);
    expect(parseSeries('{"1":{"name":"Mock Series","position":"2"}}')).toEqual([{ name: 'Mock Series', sequence: '2' }]);
  });

  it('weekly top list: most snatched within the time window, in the category', async () => {
    const result = await client().client.topTorrents({ categories: [47], from: new Date('2026-08-17T00:00:00Z'), to: new Date('2026-08-24T00:00:00Z'), limit: 10 });
    expect(result.torrents.map((t) => t.id)).toEqual([102, 101]); // 103 is outside the window, 104 another category
    expect(fake.requests.at(-1)?.query['tor[sortType]']).toBe('snatchedDesc');
  });

  it('downloads a .torrent by id (cookie) and by private dl token, never logging either secret', async () => {
    const { client: c, logs } = client();
    const byId = await c.downloadTorrent({ id: 101 });
    expect(byId.subarray(0, 11).toString()).toBe('d8:announce');
    const [hit] = (await c.search({ text: 'martian', withDownloadTokens: true })).torrents;
    expect(hit?.downloadToken).toBe('dl102TOKENabc');
    const byToken = await c.downloadTorrent({ downloadToken: hit!.downloadToken! });
    expect(byToken.toString()).toContain('The Martian.m4b');
    expect(toIndexerResult(hit!, fake.url).downloadUrl).toContain('/tor/download.php/dl102TOKENabc');
    expect(logs.text()).not.toContain('dl102TOKENabc');
    expect(logs.text()).not.toContain(fake.session.mamId);
  });

  it('a 403 is session_expired with a clear message, and the health state says so', async () => {
    const health = new MamHealth();
    const { client: c, logs } = client({ mamId: 'stale-session-value-123', health });
    const error = await c.search({ text: 'weir' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'session_expired', retryable: false });
    expect(String((error as Error).message)).toMatch(/mam_id session is invalid or expired/);
    expect(health.state.status).toBe('session_expired');
    expect(logs.text() + String((error as Error).message)).not.toContain('stale-session-value-123');
  });

  it('an HTML "not signed in" page is session_expired too (search, session check and download)', async () => {
    fake.expiredAs = 'html';
    const { client: c } = client();
    for (const call of [() => c.search({ text: 'weir' }), () => c.checkSession(), () => c.downloadTorrent({ id: 101 })]) {
      await expectFault(fake, { mode: 'expired_session' }, 'session_expired', call);
    }
    fake.expiredAs = 'forbidden';
    await expectFault(fake, { mode: 'expired_session' }, 'session_expired', () => c.search({ text: 'weir' }));
  });

  it('checks the session and recovers the health state', async () => {
    const health = new MamHealth();
    const { client: c } = client({ health });
    expect(await c.checkSession()).toMatchObject({ username: 'reader', className: 'Power User', unsatisfied: 3, unsatisfiedLimit: 100 });
    expect(health.state.status).toBe('ok');
  });

  it('adopts a rotated mam_id from Set-Cookie and reports it for persistence', async () => {
    const rotated: string[] = [];
    const { client: c, logs } = client({ onSessionRotated: (v) => rotated.push(v) });
    fake.session.rotateTo = 'rotatedSESSION-456def';
    await c.checkSession();
    expect(rotated).toEqual(['rotatedSESSION-456def']);
    await c.search({ text: 'weir' }); // the old value is no longer accepted by the fake
    expect(fake.requests.at(-1)?.headers.cookie).toBe('mam_id=rotatedSESSION-456def');
    expect(logs.text()).not.toContain('rotatedSESSION-456def');
  });

  it('spaces requests at least 3 s apart and stops at 50 per run', async () => {
    const { client: c, clock } = client();
    const start = clock.nowMs();
    for (let i = 0; i < 3; i += 1) await c.checkSession();
    expect(clock.nowMs() - start).toBeGreaterThanOrEqual(6_000);
    for (let i = 0; i < 47; i += 1) await c.checkSession();
    await expect(c.checkSession()).rejects.toMatchObject({ code: 'budget_exhausted' });
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client().client.search({ text: 'weir' }));
    });
  }
});
