import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/webhooks/app.js';
import { HttpListenError, listenHttp } from '../../../src/webhooks/listen.js';

const status = async () => ({ database: { name: 'db', state: 'healthy' as const }, jobStore: { name: 'j', state: 'healthy' as const }, integrations: [], jobs: [], generatedAt: new Date() });
const app = () => createApp({ logger: pino({ level: 'silent' }), status });
const close = (server: { close(cb: () => void): void }) => new Promise<void>((resolve) => server.close(() => resolve()));

describe('listenHttp', () => {
  it('listens and answers on the URL it returns', async () => {
    const { server, url } = await listenHttp(app(), { host: '127.0.0.1', port: 0 });
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it('brackets an IPv6 address in the URL', async () => {
    const { server, url } = await listenHttp(app(), { host: '::1', port: 0 });
    try {
      expect(url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    } finally {
      await close(server);
    }
  });

  it('names HTTP_PORT when the port is already in use', async () => {
    const first = await listenHttp(app(), { host: '127.0.0.1', port: 0 });
    const port = Number(new URL(first.url).port);
    try {
      const error = await listenHttp(app(), { host: '127.0.0.1', port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HttpListenError);
      expect((error as Error).message).toContain(`HTTP_PORT ${port} is already in use`);
      expect((error as HttpListenError).code).toBe('EADDRINUSE');
    } finally {
      await close(first.server);
    }
  });

  it.each(['192.0.2.1', 'no-such-host.invalid'])('names HTTP_HOST when %s cannot be bound', async (host) => {
    const error = await listenHttp(app(), { host, port: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpListenError);
    expect((error as Error).message).toMatch(new RegExp(`^HTTP_HOST ${host.replaceAll('.', '\\.')} cannot be bound`));
  });
});
