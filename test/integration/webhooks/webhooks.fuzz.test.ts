/**
 * Bounded fuzzing of both webhooks over real HTTP, against the production app (group-commit receiver, real Postgres):
 * 2,000 random and mutated bodies from a seeded PRNG — JSON, forms, gzip/deflate/br (whole, truncated, corrupt), odd
 * content types and charsets, NULs, unpaired surrogates, huge field counts, deep nesting, prototype keys, random bytes —
 * with the secret, with a wrong one and without. Never a 5xx, never an error-level log line, the server still answers,
 * every inbox row is one a 2xx answer named, and memory does not grow from round to round.
 */
import { Agent, request } from 'node:http';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../../bench/support/rng.js';
import { createBatchingInboxReceiver } from '../../../src/db/repositories/inbox-batching.js';
import { webhookEvents } from '../../../src/db/schema/index.js';
import { createApp } from '../../../src/webhooks/app.js';
import { webhooksRouter } from '../../../src/webhooks/webhooks.router.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { listen } from '../../helpers/http-app.js';
import { captureLogs } from '../../helpers/log-capture.js';

const SECRET = 'fuzz-webhook-secret-0123456789';
const ROUNDS = 4;
const PER_ROUND = 500;
const CONCURRENCY = 16;
const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });

interface Delivery {
  kind: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/** One POST over a kept-alive connection; the status and the body as text. */
function post(url: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Forces a full collection (V8's own gc, reached without --expose-gc), so memory is compared after garbage. */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function generator(seed: number) {
  const random = rng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => random() < p;
  const NASTY = ['\u0000', '\ud800', '\udfff', '\ud83d\ude00', '\u202e', '\ufeff', 'e\u0301', '三体', '%00', '%', '+', '&', '=', '"', '\\', '\n', '<script>', "'; DROP TABLE webhook_events; --"];
  const text = (max = 40) => {
    let out = '';
    const n = int(max);
    for (let i = 0; i < n; i += 1) out += chance(0.08) ? pick(NASTY) : String.fromCharCode(32 + int(95));
    return out;
  };
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  // A small pool, so repeated deliveries (duplicates) happen too.
  const hash = () => (chance(0.85) ? `${'f'.repeat(34)}${int(300).toString(16).padStart(6, '0')}` : pick([hex(64), hex(39), text(45), '']));
  const qbitFields = (): Record<string, unknown> => {
    const fields: Record<string, unknown> = { hash: hash(), name: chance(0.9) ? text(60) || 'x' : '' };
    for (const key of ['category', 'tags', 'content_path', 'root_path', 'save_path', 'tracker']) if (chance(0.4)) fields[key] = text();
    if (chance(0.3)) fields.tracker = pick([`https://t.myanonamouse.net/tracker.php/${hex(32)}/announce`, `http://t.example:2710/announce/${hex(32)}`, '']);
    if (chance(0.3)) fields.size = pick([String(int(1e9)), '-1', 'big', '', '1e3', int(1e6)]);
    if (chance(0.2)) fields.file_count = pick([String(int(50)), '0', 'x', '']);
    if (chance(0.15)) fields.event = pick(['finished', 'test', 'started', '']);
    return fields;
  };
  const absEvent = (): Record<string, unknown> => {
    const event: Record<string, unknown> = { event: pick(['item_added', 'item_updated', 'item_removed', 'scan_finished', 'test', 'book_eaten']) };
    if (chance(0.8)) event.libraryItemId = pick([`li-${int(100)}`, text(20), '']);
    if (chance(0.6)) event.libraryId = pick(['lib1', text(10)]);
    if (chance(0.5)) event.id = pick([`d-${int(400)}`, `item_added:li-${int(100)}`, text(30)]);
    if (chance(0.2)) event.occurredAt = pick([new Date(int(2e12)).toISOString(), 'yesterday']);
    return event;
  };
  const apprise = () => ({ urls: [pick([`discord://${hex(10)}/${hex(30)}`, 'json://svc/hook'])], title: pick(['Test Notification on Abs', text(30)]), body: text(80) });
  const form = (fields: Record<string, unknown>) => new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const deep = (depth: number, leaf: string) => (chance(0.5) ? `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}${leaf}${'}'.repeat(depth)}`);
  const mutate = (input: string) => {
    const bytes = Buffer.from(input);
    const out = [...bytes];
    const edits = 1 + int(4);
    for (let i = 0; i < edits && out.length > 0; i += 1) {
      const at = int(out.length);
      const op = int(4);
      if (op === 0) out[at] = int(256);
      else if (op === 1) out.splice(at, 1);
      else if (op === 2) out.splice(at, 0, ...Buffer.from(pick(['\\u0000', '\\ud800', '{', '"', '%00', '\u0000', ','])));
      else out.length = at;
    }
    return Buffer.from(out);
  };
  const compress = (raw: Buffer): { body: Buffer; encoding: string; kind: string } => {
    const encoding = pick(['gzip', 'deflate', 'br', 'compress', 'gzip, gzip', 'identity']);
    const packed = encoding === 'gzip' ? gzipSync(raw) : encoding === 'deflate' ? deflateSync(raw) : encoding === 'br' ? brotliCompressSync(raw) : raw;
    const damage = int(3);
    if (damage === 0) return { body: packed, encoding, kind: `${encoding}` };
    if (damage === 1) return { body: packed.subarray(0, int(packed.length)), encoding, kind: `${encoding} truncated` };
    const corrupt = Buffer.from(packed);
    for (let i = 0; i < 4; i += 1) corrupt[int(corrupt.length)] = int(256);
    return { body: corrupt, encoding, kind: `${encoding} corrupt` };
  };

  return (): Delivery => {
    const path = chance(0.95) ? pick(['qbittorrent', 'audiobookshelf']) : pick(['', 'qbittorrent/x', 'nope', '../health']);
    const auth = int(10);
    const headers: Record<string, string> = {};
    let query = '';
    if (auth < 7) headers['x-webhook-secret'] = SECRET;
    else if (auth === 7) query = pick([`?secret=${SECRET}`, `?s%65cret=${encodeURIComponent(SECRET)}`, `?secret=${SECRET}&secret=${SECRET}`]);
    else if (auth === 8) headers['x-webhook-secret'] = pick(['wrong', `${SECRET}x`, SECRET.slice(1)]);
    const json = (value: unknown) => Buffer.from(JSON.stringify(value));
    const shape = int(14);
    let kind: string;
    let body: Buffer;
    let type: string | undefined = 'application/json';
    switch (shape) {
      case 0:
        kind = 'qbit form';
        type = 'application/x-www-form-urlencoded';
        body = Buffer.from(form(qbitFields()));
        break;
      case 1:
        kind = 'qbit json';
        body = json(qbitFields());
        break;
      case 2:
        kind = 'abs event';
        body = json(absEvent());
        break;
      case 3:
        kind = 'apprise';
        body = json(apprise());
        break;
      case 4:
        kind = 'mutated json';
        body = mutate(JSON.stringify(pick([qbitFields, absEvent, apprise])()));
        break;
      case 5: {
        kind = 'many fields';
        type = pick(['application/x-www-form-urlencoded', 'application/json']);
        const fields: Record<string, unknown> = { ...qbitFields() };
        for (let i = 0, n = 30 + int(300); i < n; i += 1) fields[`f${i}`] = text(5);
        body = type === 'application/json' ? json(fields) : Buffer.from(form(fields));
        break;
      }
      case 6:
        kind = 'deep nesting';
        body = Buffer.from(chance(0.5) ? deep(1 + int(7000), '1') : `{"hash":"${hash()}","name":${deep(1 + int(3000), '"x"')}}`);
        break;
      case 7: {
        const packed = compress(chance(0.5) ? json(qbitFields()) : json(absEvent()));
        kind = `compressed ${packed.kind}`;
        headers['content-encoding'] = packed.encoding;
        body = packed.body;
        break;
      }
      case 8:
        kind = 'odd content type';
        type = pick(['text/plain', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/x-www-form-urlencoded; charset=iso-8859-1', 'application/vnd.api+json', 'application/json, text/plain', '*/*', '']);
        body = type.includes('utf-16') ? Buffer.from(JSON.stringify(qbitFields()), 'utf16le') : chance(0.5) ? json(qbitFields()) : Buffer.from(form(qbitFields()));
        break;
      case 9:
        kind = 'random bytes';
        type = pick(['application/json', 'application/x-www-form-urlencoded', undefined]);
        body = Buffer.from(Array.from({ length: int(2000) }, () => int(256)));
        break;
      case 10:
        kind = 'escapes';
        body = Buffer.from(`{"hash":"${hash()}","name":"${pick(['\\u0000', '\\ud800', '\\udc00\\ud800', '\\ud83d\\ude00', 'ok'])}${text(10).replace(/["\\\u0000-\u001f\ud800-\udfff]/g, '')}","event":"${pick(['finished', 'item_added'])}","libraryItemId":"li-${pick(['1', '\\u0000'])}"}`);
        break;
      case 11:
        kind = 'oversized';
        body = json({ ...qbitFields(), name: 'x'.repeat(16_000 + int(40_000)) });
        break;
      case 12:
        kind = 'json primitive or prototype keys';
        body = Buffer.from(pick(['"str"', '123', 'null', '[]', 'true', '{"__proto__":{"hash":"x"},"constructor":{"prototype":{"x":1}}}', '{"hash":["a","b"],"name":{"x":1}}', '']));
        if (chance(0.3)) {
          type = 'application/x-www-form-urlencoded';
          body = Buffer.from(pick(['__proto__=x&hash=1', 'hash[]=a&hash[]=b&name=x', 'constructor[prototype][x]=1', '=&&=&', '%zz=%zz', 'hash=%E0%A4%A']));
        }
        break;
      default:
        kind = 'valid qbit json';
        body = json({ hash: hash(), name: text(50) || 'Dune' });
    }
    if (type) headers['content-type'] = type;
    return { kind, path, query, headers, body };
  };
}

describe('webhooks fuzz (bounded, seeded)', () => {
  // Error level: 4xx answers are logged as warnings, and only error lines are under test here.
  const log = captureLogs('error');
  let t: TestDatabase;
  let server: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    t = await createTestDatabase();
    const routers = [webhooksRouter({ secret: SECRET, inbox: createBatchingInboxReceiver(t.db), onStored: () => {}, ratePerMinute: 1_000_000, failedAuthPerMinute: 1_000_000 })];
    server = await listen(createApp({ logger: log.logger, status, routers }));
  });
  afterAll(async () => {
    agent.destroy();
    await server?.close();
    await t?.close();
  });

  it(`${ROUNDS * PER_ROUND} random and mutated bodies: no 5xx, no crash, every stored row answered 2xx, memory flat`, async () => {
    const next = generator(0x5eed_f00d);
    const answeredIds = new Set<string>();
    const serverErrors: string[] = [];
    const tally = new Map<string, number>();
    const rss: number[] = [];
    const heap: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      const deliveries = Array.from({ length: PER_ROUND }, next);
      let cursor = 0;
      const worker = async () => {
        while (cursor < deliveries.length) {
          const d = deliveries[cursor++]!;
          const res = await post(`${server.url}/webhooks/${d.path}${d.query}`, d.headers, d.body);
          const text = res.text;
          tally.set(String(res.status), (tally.get(String(res.status)) ?? 0) + 1);
          if (res.status >= 500) serverErrors.push(`${res.status} ${d.kind} ${d.path}: ${text.slice(0, 200)}`);
          if (res.status >= 200 && res.status < 300) {
            const answer = JSON.parse(text) as { id?: string };
            if (answer.id) answeredIds.add(answer.id);
          }
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      collectGarbage();
      rss.push(process.memoryUsage().rss);
      heap.push(process.memoryUsage().heapUsed);
    }

    expect(serverErrors).toEqual([]);
    expect(log.records().filter((r) => r.level >= 50)).toEqual([]);
    // Still serving, and the run exercised acceptance as well as refusal.
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(tally.get('202') ?? 0).toBeGreaterThan(50);
    for (const code of ['400', '401', '413', '415']) expect(tally.get(code) ?? 0).toBeGreaterThan(10);

    const rows = await t.db.select({ id: webhookEvents.id }).from(webhookEvents);
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => !answeredIds.has(r.id))).toEqual([]);

    // Rounds after the first (warm-up) do not keep what they allocated.
    const MB = 1024 * 1024;
    expect((heap.at(-1)! - heap[1]!) / MB).toBeLessThan(16);
    expect((rss.at(-1)! - rss[1]!) / MB).toBeLessThan(48);
  }, 60_000);
});
