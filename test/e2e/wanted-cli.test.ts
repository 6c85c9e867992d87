import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications, wantedBooks } from '../../src/db/schema/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { spawnService } from '../helpers/spawn-service.js';

/** `npm run cli -- wanted …` as a user runs it, against a real test database. */
describe('cli wanted', () => {
  let t: TestDatabase;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'sk-wanted-cli-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  async function cli(...args: string[]): Promise<{ code: number | string; out: string }> {
    const proc = spawnService(['run', '--silent', 'cli', '--', 'wanted', ...args], { DATABASE_URL: t.url, DATA_DIR: dataDir });
    const code = await proc.exited;
    return { code, out: proc.output() };
  }

  it('adds, lists, approves (a second approval is told who decided), rejects with a reason, shows the history, refuses nonsense', async () => {
    const added = await cli('add', '--title', 'The Way of Kings', '--author', 'Brandon Sanderson', '--asin', 'B003ZWFO7E');
    expect(added.code, added.out).toBe(0);
    const id = /\(([0-9a-f-]{36})\) PENDING_APPROVAL/.exec(added.out)?.[1];
    expect(id, added.out).toBeDefined();

    const [dup, second] = await Promise.all([
      cli('add', '--title', 'Way of Kings', '--author', 'Sanderson, Brandon', '--asin', 'b003zwfo7e'),
      cli('add', '--title', 'Elantris', '--author', 'Brandon Sanderson'),
    ]);
    expect(dup.code).toBe(1);
    expect(dup.out).toContain(`already wanted: "The Way of Kings" (${id}), PENDING_APPROVAL`);
    const otherId = /\(([0-9a-f-]{36})\)/.exec(second.out)![1]!;

    const [approved, rejected] = await Promise.all([cli('approve', id!), cli('reject', otherId, '--reason', 'not an audiobook')]);
    expect(approved.code, approved.out).toBe(0);
    expect(approved.out).toContain(`approve: "The Way of Kings" (${id}) PENDING_APPROVAL → APPROVED`);
    expect(rejected.code, rejected.out).toBe(0);

    const [again, shown, all, pending, badState, unknown, noRelease, retry] = await Promise.all([
      cli('approve', id!),
      cli('show', otherId),
      cli('list'),
      cli('list', '--state', 'pending_approval,approved'),
      cli('list', '--state', 'SOMEWHERE'),
      cli('cancel', '00000000-0000-4000-8000-000000000000'),
      cli('blocklist', id!),
      cli('retry', id!),
    ]);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/cannot approve "The Way of Kings": it is APPROVED, by cli at \d{4}-\d\d-\d\dT/);
    expect(shown.code, shown.out).toBe(0);
    expect(shown.out).toMatch(/\(new\)\s+→ PENDING_APPROVAL\s+create by cli: requested/);
    expect(shown.out).toMatch(/PENDING_APPROVAL\s+→ REJECTED\s+reject by cli: not an audiobook/);
    expect(all.out).toContain('1–2 of 2 wanted books');
    expect(all.out).toMatch(new RegExp(`${id}  APPROVED\\s+REQUEST\\s+The Way of Kings — Brandon Sanderson`));
    expect(pending.out).toContain('1–1 of 1 wanted book in PENDING_APPROVAL, APPROVED');
    expect(badState.code).toBe(2);
    expect(unknown.code).toBe(1);
    expect(unknown.out).toContain('no wanted book 00000000-0000-4000-8000-000000000000');
    expect(noRelease.out).toContain('"The Way of Kings" has no release to blocklist');
    expect(retry.out).toMatch(/cannot user-retry "The Way of Kings": it is APPROVED/);

    const rows = await t.db.select({ state: wantedBooks.state }).from(wantedBooks);
    expect(rows.map((r) => r.state).sort()).toEqual(['APPROVED', 'REJECTED']);
    const kinds = (await t.db.select({ kind: notifications.kind }).from(notifications)).map((n) => n.kind).sort();
    expect(kinds).toEqual(['wanted-approved', 'wanted-rejected']);
    // The approval queued the book's search at once (one waiting run per book).
    const queued = await t.pool.query(`select name, data from agenda_jobs where name = 'search-approved'`);
    expect(queued.rows).toHaveLength(1);
    expect(JSON.stringify(queued.rows[0].data)).toContain(id!);
  }, 120_000);
});
