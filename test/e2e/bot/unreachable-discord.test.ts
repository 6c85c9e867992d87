import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startService, type RunningService } from '../../../src/app/start-service.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { findFreePort } from '../../../src/util/free-port.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { captureLogs } from '../../helpers/log-capture.js';

interface ReadyBody {
  status: string;
  integrations: { name: string; state: string; reason?: string }[];
}

/** The bot role against a Discord that cannot be reached: the web and worker roles must serve regardless. */
describe('the bot role when Discord cannot be reached at start-up', () => {
  const open: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const close of open.splice(0).reverse()) await close().catch(() => {});
  });

  async function start(apiBaseUrl: string, attemptTimeoutMs: number) {
    const fake = await FakeDiscord.start();
    open.push(() => fake.close());
    const database: TestDatabase = await createTestDatabase();
    open.push(() => database.close());
    const { world } = fake;
    const config = loadConfig(
      {
        DATABASE_URL: database.url,
        HTTP_PORT: '0',
        DISCORD_TOKEN: world.token,
        DISCORD_APPLICATION_ID: world.applicationId,
        DISCORD_GUILD_ID: world.guildId,
        DISCORD_NOTIFY_CHANNEL_ID: world.channelId,
        DISCORD_API_BASE_URL: apiBaseUrl,
      },
      { envFile: false },
    );
    const logs = captureLogs('info');
    const startedAt = Date.now();
    const service: RunningService = await startService({
      config,
      roles: new Set(['web', 'worker', 'bot']),
      logger: logs.logger,
      discordRetry: { backoff: { baseMs: 200, maxMs: 1_000, jitter: 'none' }, attemptTimeoutMs },
    });
    open.push(() => service.stop());
    const startMs = Date.now() - startedAt;
    const ready = async () => {
      const res = await fetch(`${service.httpUrl}/ready`);
      const body = (await res.json()) as ReadyBody;
      return { status: res.status, body, discord: body.integrations.find((i) => i.name === 'discord')! };
    };
    return { fake, service, logs, startMs, ready };
  }

  it('closed port: the service starts at once, /ready names Discord and the cause, the bot retries and connects once Discord is there', async () => {
    const port = await findFreePort();
    const { fake, service, logs, startMs, ready } = await start(`http://127.0.0.1:${port}/api`, 5_000);
    expect(startMs).toBeLessThan(10_000);

    const down = await waitFor(async () => {
      const r = await ready();
      return r.discord.state === 'unhealthy' ? r : undefined;
    }, 10_000, 'discord unhealthy');
    expect(down.status).toBe(200);
    expect(down.discord.reason).toMatch(/cannot connect to Discord at http:\/\/127\.0\.0\.1:\d+\/api: .*ECONNREFUSED/);
    expect((await fetch(`${service.httpUrl}/health`)).status).toBe(200);
    await waitFor(() => (logs.records().filter((r) => r.msg.startsWith('Discord login failed')).length >= 2 ? true : undefined), 10_000, 'a retry');

    // Discord comes back on that port (a forwarder to the fake): the next attempt logs in.
    const forwarder = net.createServer((socket) => {
      const upstream = net.connect(Number(new URL(fake.apiBaseUrl).port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => forwarder.listen(port, '127.0.0.1', resolve));
    open.push(() => new Promise((resolve) => forwarder.close(resolve)));
    const up = await waitFor(async () => {
      const r = await ready();
      return r.discord.state === 'healthy' ? r : undefined;
    }, 15_000, 'discord healthy');
    expect(up.discord).toMatchObject({ state: 'healthy' });
    expect(logs.text()).toContain('connected to Discord after retrying');
  }, 60_000);

  it('blackholed port (accepts, never answers): the service starts at once and the attempt is abandoned after its deadline and retried', async () => {
    const sockets = new Set<net.Socket>();
    let connections = 0;
    const blackhole = net.createServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    open.push(async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => blackhole.close(resolve));
    });
    const port = (blackhole.address() as net.AddressInfo).port;
    const { service, startMs, ready } = await start(`http://127.0.0.1:${port}/api`, 1_500);
    expect(startMs).toBeLessThan(10_000);
    expect((await fetch(`${service.httpUrl}/health`)).status).toBe(200);

    const down = await waitFor(async () => {
      const r = await ready();
      return r.discord.state === 'unhealthy' ? r : undefined;
    }, 10_000, 'discord unhealthy');
    expect(down.status).toBe(200);
    expect(down.body.status).toBe('ready');
    expect(down.discord.reason).toMatch(/cannot connect to Discord at .*: no answer from Discord within 1\.5 s/);
    const before = connections;
    await waitFor(() => (connections > before ? true : undefined), 10_000, 'a second attempt');
  }, 60_000);
});
