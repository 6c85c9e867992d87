import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInboxRepository } from '../../../src/db/repositories/inbox.repository.js';
import { createApp, type TrustProxy } from '../../../src/webhooks/app.js';
import { webhooksRouter } from '../../../src/webhooks/webhooks.router.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { listen } from '../../helpers/http-app.js';

const SECRET = 'webhook-secret-for-tests-0123';
const logger = pino({ level: 'silent' });
const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });

describe('webhook rate limits', () => {
  let t: TestDatabase;
  let n = 0;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.close());

  /** A fresh app (fresh limiter counts): 20 deliveries and 5 failed authentications a minute per address. */
  async function start(trustProxy?: TrustProxy) {
    const routers = [webhooksRouter({ secret: SECRET, inbox: createInboxRepository(t.db), onStored: () => {}, ratePerMinute: 20, failedAuthPerMinute: 5 })];
    return listen(createApp({ logger, status, routers, trustProxy }));
  }
  const deliver = (url: string, opts: { secret?: string; forwardedFor?: string } = {}) => {
    n += 1;
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-webhook-secret': opts.secret ?? SECRET };
    if (opts.forwardedFor) headers['x-forwarded-for'] = opts.forwardedFor;
    return fetch(`${url}/webhooks/qbittorrent`, { method: 'POST', headers, body: JSON.stringify({ hash: n.toString(16).padStart(40, '0'), name: 'Dune' }) }).then((r) => r.status);
  };
  const statuses = async (count: number, send: (i: number) => Promise<number>) => {
    const out: number[] = [];
    for (let i = 0; i < count; i += 1) out.push(await send(i));
    return out;
  };

  it('ignores X-Forwarded-For unless TRUST_PROXY says so: a client rotating it is still one address', async () => {
    const server = await start();
    try {
      const seen = await statuses(30, (i) => deliver(server.url, { forwardedFor: `203.0.113.${i + 1}` }));
      expect(seen).toEqual([...Array(20).fill(202), ...Array(10).fill(429)]);
    } finally {
      await server.close();
    }
  });

  it('with TRUST_PROXY=loopback, counts by the forwarded client address', async () => {
    const server = await start(['loopback']);
    try {
      expect(await statuses(30, (i) => deliver(server.url, { forwardedFor: `203.0.113.${i + 1}` }))).toEqual(Array(30).fill(202));
      expect(await statuses(25, () => deliver(server.url, { forwardedFor: '198.51.100.7' }))).toEqual([...Array(20).fill(202), ...Array(5).fill(429)]);
    } finally {
      await server.close();
    }
  });

  it("counts wrong secrets apart: they get 401, then 429, and never spend the real sender's budget", async () => {
    const server = await start();
    try {
      const wrong = await statuses(60, () => deliver(server.url, { secret: 'not-the-secret-at-all' }));
      expect(wrong).toEqual([...Array(5).fill(401), ...Array(55).fill(429)]);
      // The real sender, from the same address, still has all of its deliveries.
      expect(await statuses(20, () => deliver(server.url))).toEqual(Array(20).fill(202));
      expect(await deliver(server.url)).toBe(429);
      // Wrong secrets stay refused for the rest of the window.
      expect(await deliver(server.url, { secret: 'still-wrong-secret' })).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('accepted deliveries leave the failed-authentication budget alone', async () => {
    const server = await start();
    try {
      expect(await statuses(10, () => deliver(server.url))).toEqual(Array(10).fill(202));
      expect(await statuses(6, () => deliver(server.url, { secret: 'wrong-secret-value' }))).toEqual([...Array(5).fill(401), 429]);
    } finally {
      await server.close();
    }
  });
});
