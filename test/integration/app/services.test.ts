import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from '../../../src/app/services.js';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createDatabase } from '../../../src/db/client.js';
import { startGoogleBooksFake, type GoogleBooksFake } from '../../fakes/providers/google-books.fake.js';
import { startQbittorrentFake } from '../../fakes/qbittorrent/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { FakeClock } from '../../unit/http/fake-clock.js';

const logger = pino({ level: 'silent' });

describe('one set of services over Postgres', () => {
  let t: TestDatabase;
  let fake: GoogleBooksFake;
  beforeAll(async () => {
    t = await createTestDatabase();
    fake = await startGoogleBooksFake({ volumes: [{ id: 'V1', title: 'Project Hail Mary', authors: ['Andy Weir'], isbn13: '9780593135211' }] });
  });
  afterAll(async () => {
    await fake.close();
    await t.close();
  });

  /** What a process builds at start: its own pool on the shared database, then the services on it. */
  const boot = (clock: FakeClock) => {
    const handle = createDatabase(t.url, logger, { max: 2 });
    const config = loadConfig({ GOOGLE_BOOKS_BASE_URL: fake.apiUrl }, { envFile: false });
    return { services: buildServices({ config, logger, db: handle.db, clock }), close: handle.close };
  };

  it('a cached provider answer survives a restart: the restarted process asks the provider nothing', async () => {
    const clock = new FakeClock();
    const first = boot(clock);
    const before = fake.requests.length;
    const answer = await first.services.clients.googleBooks!.getByIsbn('9780593135211');
    expect(answer?.title).toBe('Project Hail Mary');
    expect(fake.requests.length).toBe(before + 1);
    await first.close();

    const restarted = boot(clock);
    expect((await restarted.services.clients.googleBooks!.getByIsbn('9780593135211'))?.title).toBe('Project Hail Mary');
    expect(fake.requests.length).toBe(before + 1);
    await restarted.close();
  });

  it('a daily budget spent before a restart is still spent after it', async () => {
    const clock = new FakeClock(Date.UTC(2026, 9, 3, 12));
    const first = boot(clock);
    await first.services.clients.googleBooks!.search({ title: 'hail mary' });
    // The rest of the day's 1,000 Google Books queries, spent by this process before it stopped.
    expect(await first.services.repositories.rateBudgets.tryConsume('google-books', 'day:2026-10-03', 1_000, 999)).toBe(true);
    await first.close();

    const restarted = boot(clock);
    const before = fake.requests.length;
    await expect(restarted.services.clients.googleBooks!.search({ title: 'andy weir' })).rejects.toMatchObject({ code: 'budget_exhausted' });
    expect(fake.requests.length).toBe(before);
    await restarted.close();
  });
});

describe('/ready from the periodic health checks', () => {
  let t: TestDatabase;
  let service: RunningService | undefined;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await service?.stop();
    await t.close();
  });

  it('shows a stopped qBittorrent as unhealthy, with the reason, within one check period', async () => {
    const qbt = await startQbittorrentFake();
    const config = loadConfig(
      {
        DATABASE_URL: t.url,
        HTTP_PORT: '0',
        QBITTORRENT_URL: qbt.url,
        QBITTORRENT_USERNAME: qbt.controls.username,
        QBITTORRENT_PASSWORD: qbt.controls.password,
        HEALTH_CHECK_INTERVAL_SECONDS: '1',
      },
      { envFile: false },
    );
    service = await startService({ config, roles: new Set(['web']), logger });
    const qbittorrent = async () => {
      const body = (await (await fetch(`${service!.httpUrl}/ready`)).json()) as { integrations: Array<{ name: string; state: string; reason?: string; detail?: string }> };
      return body.integrations.find((i) => i.name === 'qbittorrent')!;
    };
    const waitFor = async (state: string, withinMs: number) => {
      const deadline = Date.now() + withinMs;
      let last = await qbittorrent();
      while (last.state !== state && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 100));
        last = await qbittorrent();
      }
      return last;
    };

    expect(await waitFor('healthy', 5_000)).toMatchObject({ state: 'healthy', detail: expect.stringContaining('5.') });
    await qbt.close();
    const stoppedAt = Date.now();
    const after = await waitFor('unhealthy', 5_000);
    // One period (1 s) plus the check's own time: well within the 5 s the wait allows.
    expect(after).toMatchObject({ state: 'unhealthy', reason: expect.stringMatching(/refused|unreachable|ECONNREFUSED|network/i) });
    expect(Date.now() - stoppedAt).toBeLessThan(3_000);
  });
});
