import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { createApp } from '../../../src/webhooks/app.js';
import { webhooksRouter } from '../../../src/webhooks/webhooks.router.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { listen } from '../../helpers/http-app.js';

const SECRET = 'webhook-secret-for-tests-0123';
const HASH = 'a'.repeat(40);
const logger = pino({ level: 'silent' });
const healthy = async () => ({
  database: { name: 'db', state: 'healthy' as const },
  jobStore: { name: 'jobs', state: 'healthy' as const },
  integrations: [],
  jobs: [],
  generatedAt: new Date(),
});

describe('POST /webhooks/qbittorrent', () => {
  let t: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  let nudges = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
    const app = createApp({ logger, status: healthy, routers: [webhooksRouter({ secret: SECRET, inbox: createInboxRepository(t.db), onStored: () => (nudges += 1) })] });
    server = await listen(app);
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });
  beforeEach(async () => {
    await t.db.delete(webhookEvents);
    nudges = 0;
  });

  const post = (fields: Record<string, string>, opts: { secret?: string | null; query?: string; contentType?: string; raw?: string } = {}) => {
    const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/x-www-form-urlencoded' };
    if (opts.secret !== null) headers['x-webhook-secret'] = opts.secret ?? SECRET;
    return fetch(`${server.url}/webhooks/qbittorrent${opts.query ?? ''}`, { method: 'POST', headers, body: opts.raw ?? new URLSearchParams(fields).toString() });
  };
  const stored = () => t.db.select().from(webhookEvents);

  it('accepts a completion (202), stores it before answering and wakes the worker', async () => {
    const res = await post({ hash: HASH.toUpperCase(), name: 'Dune', category: 'audiobooks', tags: 'shelfkeeper, x', size: '123456', file_count: '3', save_path: '/dl' });
    expect(res.status).toBe(202);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: 'qbittorrent', status: 'pending', deliveryKey: `qbittorrent:finished:${HASH}` });
    expect(rows[0]!.payload).toMatchObject({ hash: HASH, name: 'Dune', category: 'audiobooks', tags: ['shelfkeeper', 'x'], sizeBytes: 123456, fileCount: 3, savePath: '/dl' });
    expect(nudges).toBe(1);
  });

  it('accepts JSON bodies and the secret as a query parameter', async () => {
    const res = await post({}, { secret: null, query: `?secret=${SECRET}`, contentType: 'application/json', raw: JSON.stringify({ hash: HASH, name: 'Dune' }) });
    expect(res.status).toBe(202);
  });

  it('answers 401 to a missing or wrong secret, storing nothing', async () => {
    expect((await post({ hash: HASH, name: 'x' }, { secret: null })).status).toBe(401);
    expect((await post({ hash: HASH, name: 'x' }, { secret: `${SECRET}x` })).status).toBe(401);
    expect((await post({ hash: HASH, name: 'x' }, { secret: null, query: '?secret=nope' })).status).toBe(401);
    expect(await stored()).toHaveLength(0);
  });

  it.each([
    [{ name: 'Dune' }, 'hash'],
    [{ hash: 'xyz', name: 'Dune' }, 'hash'],
    [{ hash: HASH }, 'name'],
    [{ hash: HASH, name: 'Dune', size: 'big' }, 'size'],
    [{ hash: HASH, name: 'Dune', file_count: '-1' }, 'file_count'],
    [{ hash: HASH, name: 'Dune', event: 'started' }, 'event'],
  ])('answers 400 naming the bad field: %j → %s', async (fields, field) => {
    const res = await post(fields as Record<string, string>);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(body.error.field).toBe(field);
    expect(body.error.message.startsWith(`${field}:`)).toBe(true);
    expect(await stored()).toHaveLength(0);
  });

  it('answers 413 to an oversized body and 415 to another content type', async () => {
    expect((await post({ hash: HASH, name: 'x'.repeat(40_000) })).status).toBe(413);
    expect((await post({}, { contentType: 'text/plain', raw: `hash=${HASH}&name=x` })).status).toBe(415);
    expect(await stored()).toHaveLength(0);
  });

  it('stores a duplicate delivery once: the second answer is 200 and changes nothing', async () => {
    expect((await post({ hash: HASH, name: 'Dune' })).status).toBe(202);
    const second = await post({ hash: HASH, name: 'Dune' });
    expect(second.status).toBe(200);
    expect(((await second.json()) as { status: string }).status).toBe('duplicate');
    expect(await stored()).toHaveLength(1);
    expect(nudges).toBe(1);
  });

  it('answers a test event with 200 and no effect', async () => {
    const res = await post({ hash: HASH, name: 'hook test', event: 'test' });
    expect(res.status).toBe(200);
    expect(await stored()).toHaveLength(0);
    expect(nudges).toBe(0);
  });

  it('keeps names with &, +, %, =, quotes and non-ASCII intact', async () => {
    const name = `Rock & Roll + 100% = "Ünïcödé" 'quotes' — 三体 #1`;
    const contentPath = `/downloads/${name}/part 1+2.m4b`;
    expect((await post({ hash: HASH, name, content_path: contentPath })).status).toBe(202);
    const [row] = await stored();
    expect(row!.payload).toMatchObject({ name, contentPath });
  });
});

describe('webhooks without WEBHOOK_SECRET', () => {
  it('answer 503 saying why, never accepting unauthenticated events', async () => {
    const t = await createTestDatabase();
    const server = await listen(createApp({ logger, status: healthy, routers: [webhooksRouter({ inbox: createInboxRepository(t.db), onStored: () => {} })] }));
    try {
      const res = await fetch(`${server.url}/webhooks/qbittorrent`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('WEBHOOK_SECRET');
    } finally {
      await server.close();
      await t.close();
    }
  });
});
