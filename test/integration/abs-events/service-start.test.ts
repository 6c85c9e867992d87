import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { books } from '../../../src/db/schema/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { captureLogs } from '../../helpers/log-capture.js';

/** The whole service (web + worker, Agenda on Postgres) against the ABS fake: what a fresh install sees. */
describe('a fresh start of the service against Audiobookshelf', () => {
  let t: TestDatabase;
  let abs: AbsFake;
  let service: RunningService | undefined;
  let dataDir: string;
  afterEach(async () => {
    await service?.stop();
    await abs?.close();
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const start = async (credentials: (a: AbsFake) => Record<string, string>) => {
    [t, abs, dataDir] = await Promise.all([createTestDatabase(), startAbsFake({ books: 45 }), mkdtemp(path.join(os.tmpdir(), 'sk-abs-start-'))]);
    const logs = captureLogs('info');
    const config = loadConfig({ DATABASE_URL: t.url, HTTP_PORT: '0', DATA_DIR: dataDir, ABS_BASE_URL: abs.url, ...credentials(abs) }, { envFile: false });
    const started = Date.now();
    service = await startService({ config, roles: new Set(['web', 'worker']), logger: logs.logger });
    return { started, logs };
  };
  const count = async () => (await t.db.select({ id: books.id }).from(books)).length;
  const until = async <T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await fn();
      if (ok(v) || Date.now() > deadline) return v;
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const audiobookshelf = async () => {
    const res = await fetch(`${service!.httpUrl}/ready`);
    const body = (await res.json()) as { integrations: Array<{ name: string; state: string; detail?: string }> };
    return body.integrations.find((i) => i.name === 'audiobookshelf');
  };

  it('with an API key only: all 45 books mirrored within 10 s; /ready says live events are off and why', async () => {
    const { started } = await start((a) => ({ ABS_API_TOKEN: a.controls.apiKey }));
    expect(await until(count, (n) => n === 45, 10_000)).toBe(45);
    expect(Date.now() - started).toBeLessThan(10_000);
    const state = await until(audiobookshelf, (s) => s?.state === 'healthy', 5_000);
    expect(state).toMatchObject({ state: 'healthy', detail: '2.36.0, 1 library, live events: off (API key only — set ABS_USERNAME/ABS_PASSWORD)' });
  }, 30_000);

  it('with a user: all 45 within 10 s, live events on, and a new book arrives by the socket', async () => {
    const { started } = await start((a) => ({ ABS_API_TOKEN: a.controls.apiKey, ABS_USERNAME: a.controls.username, ABS_PASSWORD: a.controls.password }));
    expect(await until(count, (n) => n === 45, 10_000)).toBe(45);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await until(audiobookshelf, (s) => s?.state === 'healthy', 5_000))?.detail).toBe(`2.36.0, 1 library, live events: on (user ${abs.controls.username}, REST with API key)`);
    await until(() => abs.controls.authenticatedSockets(), (n) => n === 1, 5_000);
    abs.controls.stageBook({ title: 'Arrives Live', authors: ['Sam Socket'] });
    abs.controls.scanner.requestLibraryScan(abs.controls.library);
    expect(await until(count, (n) => n === 46, 5_000)).toBe(46);
  }, 30_000);
});
