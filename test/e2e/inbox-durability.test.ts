import { eq, sql } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloads, notifications, wantedBooks, webhookEvents } from '../../src/db/schema/index.js';
import { findFreePort } from '../../src/util/free-port.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { spawnService, waitForHttp, type SpawnedProcess } from '../helpers/spawn-service.js';

const SECRET = 'durability-webhook-secret-0123';
const hash = (i: number) => i.toString(16).padStart(40, '0');

/**
 * Events acknowledged by a web process, which is then killed (SIGKILL: no goodbye), are all processed exactly once by a
 * worker process started afterwards on the same database.
 */
describe('inbox durability across processes', () => {
  let t: TestDatabase;
  let dataDir: string;
  const spawned: SpawnedProcess[] = [];
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-durable-'));
  });
  afterAll(async () => {
    for (const p of spawned) {
      try {
        if (p.child.pid) process.kill(-p.child.pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('web receives and dies; a worker started later processes every acknowledged event once', async () => {
    const env = { DATABASE_URL: t.url, DATA_DIR: dataDir, WEBHOOK_SECRET: SECRET };
    // Each download of ours belongs to a wanted book; its move to DOWNLOADED queues the one notice.
    for (let i = 0; i < 20; i += 1) {
      const [wanted] = await t.db.insert(wantedBooks).values({ source: 'REQUEST', state: 'DOWNLOADING', title: `Book ${i}`, dedupeKey: `title:|book ${i}` }).returning();
      await t.db.insert(downloads).values({ qbitHash: hash(i), name: `Book ${i}`, state: 'downloading', wantedBookId: wanted!.id });
    }

    const port = await findFreePort();
    const web = spawnService(['run', 'cli', '--', 'start', '--role', 'web'], { ...env, HTTP_PORT: String(port) });
    spawned.push(web);
    await waitForHttp(`http://127.0.0.1:${port}/health`, 200, 30_000);
    const post = (i: number) =>
      fetch(`http://127.0.0.1:${port}/webhooks/qbittorrent`, {
        method: 'POST',
        headers: { 'x-webhook-secret': SECRET, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ hash: hash(i), name: `Book ${i}` }),
      });
    // 20 of ours, 5 foreign, and every one of ours delivered twice.
    const answers = await Promise.all([...Array.from({ length: 25 }, (_, i) => post(i)), ...Array.from({ length: 20 }, (_, i) => post(i))]);
    expect(answers.filter((r) => r.status === 202)).toHaveLength(25);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(20);

    process.kill(-web.child.pid!, 'SIGKILL');
    await web.exited;
    expect((await t.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents).where(eq(webhookEvents.status, 'pending')))[0]!.n).toBe(25);

    const worker = spawnService(['run', 'cli', '--', 'start', '--role', 'worker'], { ...env, HTTP_PORT: String(await findFreePort()) });
    spawned.push(worker);
    const deadline = Date.now() + 40_000;
    let pending = 25;
    while (pending > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      pending = (await t.db.select({ n: sql<number>`count(*)::int` }).from(webhookEvents).where(eq(webhookEvents.status, 'pending')))[0]!.n;
    }
    expect(pending).toBe(0);
    const done = await t.db.select({ state: downloads.state }).from(downloads);
    expect(done.every((d) => d.state === 'completed')).toBe(true);
    const queued = await t.db.select({ key: notifications.idempotencyKey }).from(notifications);
    expect(queued).toHaveLength(20);
    expect(new Set(queued.map((q) => q.key)).size).toBe(20);
    const outcomes = await t.db.select({ outcome: webhookEvents.outcome, attempts: webhookEvents.attempts }).from(webhookEvents);
    expect(outcomes.filter((o) => o.outcome === 'completed')).toHaveLength(20);
    expect(outcomes.filter((o) => o.outcome === 'foreign-hash')).toHaveLength(5);
    expect(outcomes.every((o) => o.attempts === 1)).toBe(true);
    process.kill(-worker.child.pid!, 'SIGTERM');
  }, 90_000);
});
