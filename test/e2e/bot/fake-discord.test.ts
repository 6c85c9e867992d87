import { Client, DiscordAPIError, Events, GatewayIntentBits, type Interaction, MessageFlags } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscord, waitFor } from '../../fakes/discord/index.js';

/** The fake must catch what real Discord would refuse; these tests drive it with a bare discord.js client. */
describe('fake Discord enforces Discord’s rules', () => {
  let fake: FakeDiscord;
  let client: Client | undefined;
  afterEach(async () => {
    await client?.destroy();
    client = undefined;
    await fake.close();
  });

  async function connect(onInteraction: (i: Interaction) => Promise<void>): Promise<{ errors: unknown[] }> {
    const errors: unknown[] = [];
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBaseUrl } });
    client.on(Events.InteractionCreate, (i) => void onInteraction(i).catch((err: unknown) => errors.push(err)));
    const ready = new Promise((r) => client!.once(Events.ClientReady, r));
    await client.login(fake.world.token);
    await ready;
    return { errors };
  }

  it('answers a first response after the deadline with 10062 Unknown interaction', async () => {
    fake = await FakeDiscord.start({ interactionDeadlineMs: 100 });
    const { errors } = await connect(async (i) => {
      await new Promise((r) => setTimeout(r, 200));
      if (i.isChatInputCommand()) await i.reply('too late');
    });
    const rec = fake.dispatchCommand({ name: 'anything', user: fake.world.users.bob });
    await waitFor(() => errors[0]);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect((errors[0] as DiscordAPIError).code).toBe(10062);
    expect(rec.firstCallback).toBeUndefined();
  });

  it('answers a second acknowledgement with 40060', async () => {
    fake = await FakeDiscord.start();
    const { errors } = await connect(async (i) => {
      if (!i.isChatInputCommand()) return;
      // reply() while deferReply() is in flight reaches Discord: discord.js sets `deferred` only after the POST.
      await Promise.all([i.deferReply(), i.reply('again')]);
    });
    const rec = fake.dispatchCommand({ name: 'anything', user: fake.world.users.bob });
    await waitFor(() => errors[0]);
    expect((errors[0] as DiscordAPIError).code).toBe(40060);
    expect(rec.callbackAttempts.map((a) => a.code ?? a.status)).toEqual(expect.arrayContaining([204, 40060]));
  });

  it('rejects messages over Discord’s limits and empty ones', async () => {
    fake = await FakeDiscord.start();
    const { errors } = await connect(async () => {});
    const channel = fake.world.channelId;
    const post = (body: object) => client!.rest.post(`/channels/${channel}/messages`, { body }).catch((err: unknown) => err);
    const tooLong = await post({ content: 'x'.repeat(2001) });
    const tooManyFields = await post({ embeds: [{ title: 't', fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] });
    const overTotal = await post({ embeds: [{ title: 't', description: 'd'.repeat(4000) }, { description: 'd'.repeat(2500) }] });
    const noCustomId = await post({ components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Go' }] }] });
    const empty = await post({});
    expect([tooLong, tooManyFields, overTotal, noCustomId].map((e) => (e as DiscordAPIError).code)).toEqual([50035, 50035, 50035, 50035]);
    expect((empty as DiscordAPIError).code).toBe(50006);
    expect(fake.channelMessages()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('de-duplicates a message by nonce when asked to, as Discord does', async () => {
    fake = await FakeDiscord.start();
    await connect(async () => {});
    const body = { content: 'once', nonce: 'n-1', enforce_nonce: true };
    const a = (await client!.rest.post(`/channels/${fake.world.channelId}/messages`, { body })) as { id: string };
    const b = (await client!.rest.post(`/channels/${fake.world.channelId}/messages`, { body })) as { id: string };
    expect(b.id).toBe(a.id);
    expect(fake.channelMessages()).toHaveLength(1);
  });

  it('sends no Authorization on interaction routes and requires the bot token elsewhere', async () => {
    fake = await FakeDiscord.start();
    await connect(async (i) => {
      if (i.isChatInputCommand()) {
        await i.deferReply({ flags: MessageFlags.Ephemeral });
        await i.editReply('done');
      }
    });
    const rec = fake.dispatchCommand({ name: 'x', user: fake.world.users.bob });
    await waitFor(() => (fake.originalMessage(rec.id)?.content === 'done' ? true : undefined));
    const byPath = (re: RegExp) => fake.calls.filter((c) => re.test(c.path));
    expect(byPath(/^\/interactions\//).every((c) => !c.authorized)).toBe(true);
    expect(byPath(/^\/webhooks\//).every((c) => !c.authorized)).toBe(true);
    expect(byPath(/^\/gateway\/bot$/).every((c) => c.authorized)).toBe(true);
    const anonymous = await fetch(`${fake.apiBaseUrl}/v10/channels/${fake.world.channelId}`);
    expect(anonymous.status).toBe(401);
  });

  it('acknowledges heartbeats and lets the client RESUME after an op 7 reconnect request', async () => {
    fake = await FakeDiscord.start({ heartbeatIntervalMs: 100 });
    await connect(async () => {});
    await waitFor(() => (fake.gateway.stats.heartbeats >= 2 ? true : undefined));
    const resumed = new Promise((r) => fake.gateway.once('resumed', r));
    fake.gateway.requestReconnect();
    await resumed;
    expect(fake.gateway.stats).toMatchObject({ identifies: 1, resumes: 1 });
  });
});
