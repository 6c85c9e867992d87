/**
 * The webhooks under hostile input, at the HTTP level (real app on port 0, the production group-commit receiver, real
 * Postgres): bodies Postgres cannot store, parser refusals, aborted uploads, a failing insert, credentials in payloads
 * and in the query string. Log output is captured unmasked, so anything found there came from the code under test.
 */
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBatchingInboxReceiver } from '../../../src/db/repositories/inbox-batching.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { createApp } from '../../../src/webhooks/app.js';
import { webhooksRouter } from '../../../src/webhooks/webhooks.router.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { listen } from '../../helpers/http-app.js';
import { captureLogs } from '../../helpers/log-capture.js';

const SECRET = 'SKwebhook-secret-for-tests-0123';
const PASSKEY = '5f3c0a9b7e2d4c18a6b0f9e3d2c1b4a7';
const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });
const hash = (i: number) => i.toString(16).padStart(40, '0');

describe('webhooks under hostile input', () => {
  const log = captureLogs('debug');
  let t: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    t = await createTestDatabase();
    const routers = [webhooksRouter({ secret: SECRET, inbox: createBatchingInboxReceiver(t.db), onStored: () => {}, ratePerMinute: 100_000 })];
    server = await listen(createApp({ logger: log.logger, status, routers }));
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });
  beforeEach(async () => {
    await t.db.delete(webhookEvents);
    log.clear();
  });

  const post = (path: string, body: string | Buffer, headers: Record<string, string> = {}, query = '') =>
    fetch(`${server.url}/webhooks/${path}${query}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-webhook-secret': SECRET, ...headers }, body });
  const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
  const errorLines = () => log.records().filter((r) => r.level >= 50);
  const rows = () => t.db.select().from(webhookEvents);

  it('one bad delivery fails alone: 300 valid ones sent at once with unstorable ones among them are all stored', async () => {
    const valid = Array.from({ length: 300 }, (_, i) => post('qbittorrent', form({ hash: hash(i + 1), name: `Book ${i}` }), { 'content-type': 'application/x-www-form-urlencoded' }));
    const bad = Array.from({ length: 30 }, (_, i) =>
      i % 2 === 0
        ? post('qbittorrent', `hash=${hash(1000 + i)}&name=Bad%00Book`, { 'content-type': 'application/x-www-form-urlencoded' })
        : post('qbittorrent', `{"hash":"${hash(1000 + i)}","name":"Bad \\ud800 Book"}`),
    );
    const answers = await Promise.all([...valid, ...bad]);
    expect(answers.slice(0, 300).map((r) => r.status)).toEqual(Array(300).fill(202));
    expect(answers.slice(300).map((r) => r.status)).toEqual(Array(30).fill(400));
    expect(await rows()).toHaveLength(300);
    expect(errorLines()).toEqual([]);
  });

  it.each([
    ['qbittorrent', 'form', `hash=${hash(1)}&name=Du%00ne`, 'name', /NUL/],
    ['qbittorrent', 'form', `hash=${hash(1)}&name=Dune&tracker=https%3A%2F%2Ft.example%2Fx%00`, 'tracker', /NUL/],
    ['qbittorrent', 'json', `{"hash":"${hash(1)}","name":"Dune \\u0000"}`, 'name', /NUL/],
    ['qbittorrent', 'json', `{"hash":"${hash(1)}","name":"Dune \\ud800"}`, 'name', /unpaired UTF-16 surrogate/],
    ['audiobookshelf', 'json', '{"event":"item_added","libraryItemId":"li\\u0000"}', 'libraryItemId', /NUL/],
    ['audiobookshelf', 'json', '{"event":"item_added","id":"\\udc00x","libraryItemId":"li-1"}', 'id', /unpaired/],
    ['audiobookshelf', 'json', '{"event":"item_added","libraryItemId":"li-1","extra":["ok",{"deep":"\\u0000"}]}', 'extra.1.deep', /NUL/],
  ])('%s %s body Postgres cannot store → 400 naming the field: %s', async (path, kind, body, field, problem) => {
    const res = await post(path, body, kind === 'form' ? { 'content-type': 'application/x-www-form-urlencoded' } : {});
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { error: { code: string; field: string; message: string } };
    expect(answer.error).toMatchObject({ code: 'invalid_body', field });
    expect(answer.error.message).toMatch(problem);
    expect(await rows()).toHaveLength(0);
    expect(errorLines()).toEqual([]);
  });

  it("answers what the body parser found, never 500: too many form fields 413, corrupt or truncated gzip 400, unknown encoding 415", async () => {
    const many = Array.from({ length: 60 }, (_, i) => `f${i}=x`).join('&');
    const gzipped = gzipSync(Buffer.from(JSON.stringify({ hash: hash(7), name: 'Dune' })));
    const corrupt = Buffer.from(gzipped);
    corrupt.fill(0x41, 10, 20);
    const cases: Array<[string, string | Buffer, Record<string, string>, number]> = [
      ['qbittorrent', `hash=${hash(1)}&name=x&${many}`, { 'content-type': 'application/x-www-form-urlencoded' }, 413],
      ['qbittorrent', corrupt, { 'content-encoding': 'gzip' }, 400],
      ['qbittorrent', gzipped.subarray(0, gzipped.length - 12), { 'content-encoding': 'gzip' }, 400],
      ['audiobookshelf', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }, 400],
      ['audiobookshelf', Buffer.from('{}'), { 'content-encoding': 'compress' }, 415],
      ['qbittorrent', '{"hash": ', {}, 400],
    ];
    for (const [path, body, headers, expected] of cases) {
      const res = await post(path, body, headers);
      expect({ path, headers, status: res.status }).toEqual({ path, headers, status: expected });
      expect(((await res.json()) as { error: { code: string } }).error.code).not.toBe('internal');
    }
    // A whole gzip body is read as usual.
    expect((await post('qbittorrent', gzipped, { 'content-encoding': 'gzip' })).status).toBe(202);
    expect(errorLines()).toEqual([]);
  });

  it('a client that aborts its upload is not an error-level event', async () => {
    const { port } = new URL(server.url);
    await new Promise<void>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /webhooks/qbittorrent HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Webhook-Secret: ${SECRET}\r\nContent-Length: 5000\r\n\r\n{"hash":"`);
        setTimeout(() => {
          socket.destroy();
          resolve();
        }, 100);
      });
      socket.on('error', reject);
    });
    await expect.poll(() => log.records().some((r) => r.msg === 'client aborted the request' || r.msg === 'request aborted'), { timeout: 2_000 }).toBe(true);
    await new Promise((r) => setTimeout(r, 100));
    expect(errorLines()).toEqual([]);
    expect(log.records().filter((r) => r.level >= 40)).toEqual([]);
  });

  it('a failing insert answers 500 and is logged once, without the statement or the payload', async () => {
    await t.db.execute(sql`ALTER TABLE webhook_events RENAME TO webhook_events_away`);
    try {
      const res = await post('qbittorrent', JSON.stringify({ hash: hash(9), name: 'Private Book', tracker: `https://t.myanonamouse.net/tracker.php/${PASSKEY}/announce` }));
      expect(res.status).toBe(500);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal');
    } finally {
      await t.db.execute(sql`ALTER TABLE webhook_events_away RENAME TO webhook_events`);
    }
    const failures = log.records().filter((r) => r.msg === 'request failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]!.level).toBe(50);
    expect(JSON.stringify(failures[0])).toContain('relation \\"webhook_events\\" does not exist');
    const text = log.text();
    expect(text).not.toContain(PASSKEY);
    expect(text).not.toContain('Private Book');
    expect(text).not.toContain('params');
    expect(text.split('insert into').length - 1).toBeLessThanOrEqual(1);
  });

  it("stores qBittorrent's %T tracker with its passkey masked, whichever way the passkey is carried", async () => {
    const trackers = [
      `https://t.myanonamouse.net/tracker.php/${PASSKEY}/announce`,
      `http://tracker.example.org:2710/announce/${PASSKEY}`,
      `https://tracker.example.org/${PASSKEY}/announce`,
      `https://tracker.example.org/announce.php?passkey=${PASSKEY}`,
    ];
    for (const [i, tracker] of trackers.entries()) {
      expect((await post('qbittorrent', form({ hash: hash(100 + i), name: 'Dune', tracker }), { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(202);
    }
    const stored = (await rows()).map((r) => r.payload.tracker as string);
    expect(stored).toHaveLength(4);
    for (const tracker of stored) {
      expect(tracker).not.toContain(PASSKEY);
      expect(tracker).toContain('***');
    }
    expect(log.text()).not.toContain(PASSKEY);
  });

  it('a %-encoded secret query parameter authenticates and is never logged, in any form', async () => {
    const encodedName = 's%65cret';
    const encodedValue = [...SECRET].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const res = await fetch(`${server.url}/webhooks/qbittorrent?${encodedName}=${encodedValue}&other=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hash: hash(5), name: 'Dune' }),
    });
    expect(res.status).toBe(202);
    const text = log.text();
    for (const form of [SECRET, encodedValue, encodeURIComponent(SECRET), encodedValue.slice(0, 12)]) expect(text).not.toContain(form);
    expect(log.records().find((r) => (r.req as { url?: string } | undefined)?.url)?.req).toMatchObject({ url: '/webhooks/qbittorrent?secret=***&other=1' });
  });
});
