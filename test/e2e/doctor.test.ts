import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../src/util/free-port.js';
import { startFakes, type StartedFakes } from '../fakes/index.js';
import { qbittorrentNoxAvailability, startQbittorrentNox, type RunningQbittorrent } from '../helpers/qbittorrent-nox.js';
import { spawnService } from '../helpers/spawn-service.js';

// With CI=true a missing qbittorrent-nox throws here and fails the file instead of skipping the real-qBittorrent part.
const nox = qbittorrentNoxAvailability();

/** Runs `npm run cli -- doctor` as a user does, with only the given environment. */
async function doctor(env: Record<string, string>, timeoutSeconds = 5): Promise<{ code: number | string; out: string }> {
  const proc = spawnService(['run', '--silent', 'cli', '--', 'doctor', '--timeout', String(timeoutSeconds)], { DATA_DIR: '/nonexistent/doctor-needs-no-data-dir', ...env });
  const code = await proc.exited;
  return { code, out: proc.output() };
}

/** The doctor line of one integration (lines start with its name). */
function lineOf(out: string, name: string): string {
  const line = out.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`no line for ${name} in:\n${out}`);
  return line;
}

type Fakes = StartedFakes<{ abs: object; prowlarr: object; googleBooks: object; openLibrary: object; audnexus: object; audible: object; hardcover: object; mam: object; discord: object }>;

describe('cli doctor', () => {
  let fakes: Fakes;
  /** The always-enabled public metadata services, pointed at their fakes (nothing here can reach the internet). */
  let publicEnv: Record<string, string>;

  beforeAll(async () => {
    fakes = await startFakes({
      abs: { books: 2 },
      prowlarr: { apiKey: 'prowlarr-doctor-key-9f8e7d6c5b4a' },
      googleBooks: { apiKey: 'google-doctor-key-1a2b3c4d' },
      openLibrary: {},
      audnexus: {},
      audible: {},
      hardcover: { token: 'hardcover-doctor-token-5e6f7a8b' },
      mam: { mamId: 'mam-doctor-session-0c1d2e3f4a5b' },
      discord: {},
    });
    const all = fakes.env();
    publicEnv = { GOOGLE_BOOKS_BASE_URL: all.GOOGLE_BOOKS_BASE_URL!, GOOGLE_BOOKS_API_KEY: all.GOOGLE_BOOKS_API_KEY!, OPEN_LIBRARY_BASE_URL: all.OPEN_LIBRARY_BASE_URL!, AUDNEXUS_BASE_URL: all.AUDNEXUS_BASE_URL!, AUDIBLE_BASE_URL: all.AUDIBLE_BASE_URL! };
  });
  afterAll(() => fakes?.closeAll());

  it('reports every integration on its fake healthy with its version, never prints a secret, and exits 0', async () => {
    const env = fakes.env();
    const { code, out } = await doctor(env);
    expect(lineOf(out, 'audiobookshelf')).toMatch(/\bok\s+reachable, authenticated, version 2\.36\.0, 1 library, live events: off \(API key only — set ABS_USERNAME\/ABS_PASSWORD\)$/);
    expect(lineOf(out, 'prowlarr')).toMatch(/\bok\s+reachable, authenticated, version 2\.0\.5\.5160, 2 of 2 indexers healthy$/);
    expect(lineOf(out, 'googleBooks')).toMatch(/\bok\s+reachable, authenticated$/);
    expect(lineOf(out, 'openLibrary')).toMatch(/\bok\s+reachable, no authentication needed$/);
    expect(lineOf(out, 'audnexus')).toMatch(/\bok\s+reachable, no authentication needed$/);
    expect(lineOf(out, 'audible')).toMatch(/\bok\s+reachable, no authentication needed, region us$/);
    expect(lineOf(out, 'hardcover')).toMatch(/\bok\s+reachable, authenticated$/);
    expect(lineOf(out, 'myAnonamouse')).toMatch(/\bok\s+reachable, authenticated, session valid \(Power User\)$/);
    expect(lineOf(out, 'discord')).toMatch(/\bok\s+reachable, authenticated, bot shelfkeeper$/);
    // Not configured: listed as disabled with what is missing.
    expect(lineOf(out, 'qbittorrent')).toMatch(/\bdisabled\s+QBITTORRENT_URL not set$/);
    expect(lineOf(out, 'import')).toMatch(/\bdisabled\s+LIBRARY_ROOT, DOWNLOAD_ROOT not set$/);
    expect(out).toContain('all configured integrations healthy');
    expect(code, out).toBe(0);
    for (const [key, value] of Object.entries(env)) if (/TOKEN|KEY|MAM_ID|PASSWORD/.test(key)) expect(out).not.toContain(value);
    // The probes really happened, each with the configured credentials.
    expect(fakes.mam.requests.some((r) => r.path === '/jsonLoad.php')).toBe(true);
    expect(fakes.audible.catalogueCalls('us')).toBeGreaterThan(0);
    expect(fakes.prowlarr.controls.requests.some((r) => r.path === '/api/v1/system/status')).toBe(true);
  }, 60_000);

  it('names an authentication failure (wrong Prowlarr key, expired MAM session) and exits non-zero', async () => {
    const wrongKey = 'prowlarr-wrong-key-0000111122223333';
    const { code, out } = await doctor({ ...fakes.env(), PROWLARR_API_KEY: wrongKey, MAM_ID: 'mam-stale-session-99887766' });
    expect(lineOf(out, 'prowlarr')).toMatch(/\bFAILED\s+reachable, authentication failed \(HTTP 401\): .* — check PROWLARR_API_KEY$/);
    expect(lineOf(out, 'myAnonamouse')).toMatch(/\bFAILED\s+reachable, session invalid or expired \(HTTP 403\)/);
    expect(lineOf(out, 'audiobookshelf')).toMatch(/\bok\b/);
    expect(out).toMatch(/2 configured integrations failing: prowlarr, myAnonamouse/);
    expect(code, out).toBe(1);
    expect(out).not.toContain(wrongKey);
    expect(out).not.toContain('mam-stale-session-99887766');
  }, 60_000);

  it('with an ABS user next to the API key says live events are on for that user; a wrong password fails ABS with the hint', async () => {
    const abs = fakes.abs.controls;
    const ok = await doctor({ ...fakes.env(), ABS_USERNAME: abs.username, ABS_PASSWORD: abs.password });
    expect(lineOf(ok.out, 'audiobookshelf')).toMatch(new RegExp(`\\bok\\s+reachable, authenticated, version 2\\.36\\.0, 1 library, live events: on \\(user ${abs.username}, REST with API key\\)$`));
    expect(ok.out).not.toContain(abs.password);
    const wrong = await doctor({ ...fakes.env(), ABS_USERNAME: abs.username, ABS_PASSWORD: 'abs-wrong-password-1234' });
    expect(lineOf(wrong.out, 'audiobookshelf')).toMatch(/\bFAILED\s+reachable, authentication failed \(HTTP 401\): .* — check ABS_API_TOKEN and ABS_USERNAME\/ABS_PASSWORD/);
    expect(wrong.code).toBe(1);
    expect(wrong.out).not.toContain('abs-wrong-password-1234');
  }, 60_000);

  it('pointed at a closed port, names the unreachable integration and exits non-zero', async () => {
    const port = await findFreePort();
    const { code, out } = await doctor({ ...publicEnv, QBITTORRENT_URL: `http://127.0.0.1:${port}`, QBITTORRENT_USERNAME: 'admin', QBITTORRENT_PASSWORD: 'closed-port-password-42' });
    expect(lineOf(out, 'qbittorrent')).toMatch(new RegExp(`\\bFAILED\\s+unreachable: login: connection refused \\[POST http://127\\.0\\.0\\.1:${port}/api/v2/auth/login\\] — check QBITTORRENT_URL`));
    expect(out).toMatch(/1 configured integration failing: qbittorrent/);
    expect(code, out).toBe(1);
    expect(out).not.toContain('closed-port-password-42');
  }, 60_000);

  it('bounds a probe that never answers by its timeout and names it', async () => {
    fakes.prowlarr.controls.setFault('timeout');
    try {
      const env = fakes.env();
      const started = Date.now();
      const { code, out } = await doctor({ ...publicEnv, PROWLARR_URL: env.PROWLARR_URL!, PROWLARR_API_KEY: env.PROWLARR_API_KEY! }, 1);
      expect(lineOf(out, 'prowlarr')).toMatch(/\bFAILED\s+unreachable: .*no answer within 1(000 ms| s)/);
      expect(code, out).toBe(1);
      // tsx start-up included; without the deadline the fake would hold the call forever.
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      fakes.prowlarr.controls.faults.clear();
    }
  }, 60_000);

  describe.runIf(nox.available)('against the real qbittorrent-nox', () => {
    let qbt: RunningQbittorrent;
    beforeAll(async () => {
      qbt = await startQbittorrentNox();
    }, 60_000);
    afterAll(() => qbt?.stop());

    it('reports it healthy with its 4.5 version and exits 0', async () => {
      const { code, out } = await doctor({ ...publicEnv, QBITTORRENT_URL: qbt.url, QBITTORRENT_USERNAME: qbt.username, QBITTORRENT_PASSWORD: qbt.password });
      expect(lineOf(out, 'qbittorrent')).toMatch(/\bok\s+reachable, authenticated, version v4\.5\.\d+ \(Web API 2\.\d+\.\d+\)$/);
      expect(code, out).toBe(0);
      expect(out).not.toContain(qbt.password);
    }, 60_000);

    it('with a wrong password, names the authentication failure and exits non-zero', async () => {
      const { code, out } = await doctor({ ...publicEnv, QBITTORRENT_URL: qbt.url, QBITTORRENT_USERNAME: qbt.username, QBITTORRENT_PASSWORD: 'not-the-password-123' });
      expect(lineOf(out, 'qbittorrent')).toMatch(/\bFAILED\s+reachable, authentication failed.*bad username or password — check QBITTORRENT_USERNAME and QBITTORRENT_PASSWORD$/);
      expect(code, out).toBe(1);
    }, 60_000);
  });

  if (!nox.available) it.skip(nox.reason, () => {});
});
