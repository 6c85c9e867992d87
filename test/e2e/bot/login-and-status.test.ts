import { afterEach, describe, expect, it } from 'vitest';
import { registerCommandsFromCli } from '../../../src/bot/register-cli.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/index.js';
import { startBot } from '../../../src/bot/bot.js';
import { type BotHarness, healthyReport, startHarness } from './harness.js';
import { captureLogs } from '../../helpers/log-capture.js';

describe('bot against the fake Discord: login, registration, /status', () => {
  let h: BotHarness | undefined;
  let fake: FakeDiscord | undefined;
  afterEach(async () => {
    await h?.close();
    await fake?.close();
    h = undefined;
    fake = undefined;
  });

  it('logs in with only the Guilds intent, becomes ready and registers /status for the guild', async () => {
    const identified: number[] = [];
    fake = await FakeDiscord.start();
    fake.gateway.on('identify', (e: { intents: number }) => identified.push(e.intents));
    h = await startHarness({ fake });
    expect(identified).toEqual([1]);
    const status = fake.commands('guild').find((c) => c.name === 'status');
    expect(status).toMatchObject({ contexts: [0], default_member_permissions: expect.any(String) });
    expect(fake.commands('global')).toEqual([]);
    // The token never reaches the logs.
    expect(h.logs.text()).not.toContain(fake.world.token);
  });

  it('refuses to start with a token Discord does not accept, without logging it', async () => {
    fake = await FakeDiscord.start();
    const logs = captureLogs();
    const { world } = fake;
    const start = startBot({
      options: { token: 'wrong.token.value', applicationId: world.applicationId, guildId: world.guildId, notifyChannelId: world.channelId, roles: {}, apiBaseUrl: fake.apiBaseUrl },
      logger: logs.logger,
      commands: { status: async () => healthyReport() },
    });
    await expect(start).rejects.toThrow();
    expect(logs.text()).not.toContain('wrong.token.value');
  });

  it('registers commands only when they differ from what Discord already has', async () => {
    fake = await FakeDiscord.start();
    const puts = () => fake!.calls.filter((c) => c.method === 'PUT' && c.path.includes('/commands')).length;
    h = await startHarness({ fake });
    expect(puts()).toBe(1);
    await h.close();
    h = await startHarness({ fake });
    expect(puts()).toBe(1); // unchanged: no second registration
    await h.close();
    // A new command appears: registration happens again.
    h = await startHarness({
      fake,
      extra: {
        extend: ({ preconditions }) => ({
          commands: [
            {
              data: {
                name: 'ping',
                toJSON: () => ({ name: 'ping', description: 'Ping', default_member_permissions: '0', contexts: [0] }),
              },
              preconditions: [preconditions.admin],
              ephemeral: true,
              execute: async () => ({ content: 'pong' }),
            },
          ],
        }),
      },
    });
    expect(puts()).toBe(2);
    expect(fake.commands('guild').map((c) => c.name).sort()).toEqual(['ping', 'status']);
    // `cli discord register`: the CLI's set (no test command) differs, then is current; force writes regardless.
    const cli = { token: fake.world.token, applicationId: fake.world.applicationId, guildId: fake.world.guildId, apiBaseUrl: fake.apiBaseUrl, logger: h.logs.logger };
    expect(await registerCommandsFromCli({ ...cli, force: false })).toEqual({ changed: true, commands: ['status'] });
    expect(await registerCommandsFromCli({ ...cli, force: false })).toEqual({ changed: false, commands: ['status'] });
    expect(await registerCommandsFromCli({ ...cli, force: true })).toEqual({ changed: true, commands: ['status'] });
    expect(puts()).toBe(4);
  });

  it('answers /status with one embed showing database, job store, integrations and jobs', async () => {
    h = await startHarness({});
    const { fake: f } = h;
    const i = f.dispatchCommand({ name: 'status', user: f.world.users.bob });
    const first = await f.firstCallback(i.id);
    expect(first.type).toBe(5); // deferred
    expect(first.body.flags).toBe(64); // ephemeral
    const reply = await waitFor(() => {
      const m = f.originalMessage(i.id);
      return m && ((m.embeds as unknown[]) ?? []).length > 0 ? m : undefined;
    });
    const embeds = reply.embeds as { title: string; description: string; fields: { name: string; value: string }[] }[];
    expect(embeds).toHaveLength(1);
    expect(embeds[0]!.title).toBe('shelfkeeper: all good');
    expect(embeds[0]!.description).toContain('**database** — healthy');
    expect(embeds[0]!.description).toContain('**hardcover** — disabled: HARDCOVER_TOKEN not set');
    expect(embeds[0]!.fields[0]).toMatchObject({ name: 'library-sync' });
    expect(embeds[0]!.fields[0]!.value).toMatch(/^next <t:\d+:R> · last succeeded <t:\d+:R> in 5 s$/);
  });

  it('shows an integration that is down, with the reason, and says there is a problem', async () => {
    h = await startHarness({
      status: async () => {
        const report = healthyReport();
        report.integrations[1] = { name: 'prowlarr', state: 'unhealthy', reason: '401 from /api/v1/indexer: check PROWLARR_API_KEY' };
        return report;
      },
    });
    const { fake: f } = h;
    const i = f.dispatchCommand({ name: 'status', user: f.world.users.alice });
    const reply = await waitFor(() => {
      const m = f.originalMessage(i.id);
      return m && ((m.embeds as unknown[]) ?? []).length > 0 ? m : undefined;
    });
    const embed = (reply.embeds as { title: string; description: string; color: number }[])[0]!;
    expect(embed.title).toBe('shelfkeeper: 1 problem');
    expect(embed.description).toContain('❌ **prowlarr** — unhealthy: 401 from /api/v1/indexer: check PROWLARR_API_KEY');
    expect(embed.color).toBe(0xf1c40f);
  });
});
