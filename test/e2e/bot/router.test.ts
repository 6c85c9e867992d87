import { ButtonStyle, ComponentType, InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BotCommand, CommandError, type ComponentHandler, type ReplyPayload } from '../../../src/bot/bot-command.js';
import type { Precondition, RoleLevel } from '../../../src/bot/preconditions.js';
import { waitFor } from '../../fakes/discord/index.js';
import { type BotHarness, startHarness } from './harness.js';

type Embed = { title?: string; description?: string };

const builder = (name: string, perms: bigint) =>
  new SlashCommandBuilder().setName(name).setDescription(`test command ${name}`).setDefaultMemberPermissions(perms).setContexts(InteractionContextType.Guild);

/** Test-only commands standing in for later features: an approver action, a slow one, failing ones. */
function testCommands(pre: Record<RoleLevel, Precondition>): { commands: BotCommand[]; components: ComponentHandler[] } {
  const approveRow: NonNullable<ReplyPayload['components']>[number] = {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, style: ButtonStyle.Success, label: 'Approve', custom_id: 'v1:approve:42' }],
  };
  return {
    commands: [
      { data: builder('approve', PermissionFlagsBits.ManageGuild), preconditions: [pre.approver], ephemeral: true, execute: async () => ({ content: 'approved' }) },
      {
        data: builder('offer', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: false,
        execute: async () => ({ embeds: [{ title: 'Dune (missing)' }], components: [approveRow] }),
      },
      {
        data: builder('slow', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: false,
        execute: async () => {
          await new Promise((r) => setTimeout(r, 5_000));
          return { content: 'finished after 5 s' };
        },
      },
      {
        data: builder('boom', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: true,
        execute: async () => {
          throw new Error('relation "books" does not exist');
        },
      },
      {
        data: builder('publicboom', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: false,
        execute: async () => {
          throw new Error('socket hang up');
        },
      },
      {
        data: builder('find', PermissionFlagsBits.UseApplicationCommands).addStringOption((o) =>
          o.setName('title').setDescription('Book title').setRequired(true).setAutocomplete(true),
        ),
        preconditions: [pre.requester],
        ephemeral: true,
        execute: async ({ interaction }) => ({
          content: `Looking for ${interaction.options.getString('title', true)}`,
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                {
                  type: ComponentType.StringSelect,
                  custom_id: 'v1:pick',
                  options: [
                    { label: 'Dune', value: 'dune' },
                    { label: 'Dune Messiah', value: 'messiah' },
                  ],
                },
              ],
            },
          ],
        }),
        autocomplete: async ({ interaction }) => {
          const typed = interaction.options.getFocused().toLowerCase();
          return ['Dune', 'Dune Messiah', 'Hyperion'].filter((t) => t.toLowerCase().startsWith(typed)).map((t) => ({ name: t, value: t }));
        },
      },
      {
        data: builder('toolong', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: true,
        // Two buttons sharing a custom_id: Discord refuses the edit (50035).
        execute: async () => ({
          components: [
            {
              type: ComponentType.ActionRow,
              components: [
                { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'A', custom_id: 'same' },
                { type: ComponentType.Button, style: ButtonStyle.Primary, label: 'B', custom_id: 'same' },
              ],
            },
          ],
        }),
      },
      {
        data: builder('nosuchbook', PermissionFlagsBits.UseApplicationCommands),
        preconditions: [pre.requester],
        ephemeral: true,
        execute: async () => {
          throw new CommandError('No book with id 99.');
        },
      },
    ],
    components: [
      {
        prefix: 'pick',
        preconditions: [pre.requester],
        response: 'reply',
        execute: async ({ interaction }) => ({ content: `Picked ${interaction.isStringSelectMenu() ? interaction.values.join(', ') : '?'}` }),
      },
      {
        prefix: 'explode',
        preconditions: [pre.requester],
        response: 'update',
        execute: async () => {
          throw new Error('qBittorrent refused the connection');
        },
      },
      {
        prefix: 'approve',
        preconditions: [pre.approver],
        response: 'update',
        execute: async ({ args, interaction }) => ({
          embeds: [{ title: `Book ${args[0]} approved by ${interaction.user.username}` }],
          components: [],
        }),
      },
    ],
  };
}

describe('interaction router against the fake Discord', () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startHarness({ extra: { extend: ({ preconditions }) => testCommands(preconditions) } });
  });
  afterAll(async () => h.close());

  const reply = (id: string) =>
    waitFor(() => {
      const m = h.fake.originalMessage(id);
      return m && !((m.flags as number) & 128) ? m : undefined; // 128: still "thinking…"
    });

  it('refuses an approver-only command to a requester, privately, naming the missing role', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'approve', user: fake.world.users.bob });
    const first = await fake.firstCallback(i.id);
    expect(first.type).toBe(4);
    expect(first.body).toMatchObject({ content: 'You need the Approver role to do this.', flags: 64 });
    const ok = fake.dispatchCommand({ name: 'approve', user: fake.world.users.alice });
    expect((await reply(ok.id)).content).toBe('approved');
    // An admin (role above approver) may approve as well.
    const admin = fake.dispatchCommand({ name: 'approve', user: fake.world.users.dave });
    expect((await reply(admin.id)).content).toBe('approved');
    const denied = h.logs.records().find((l) => l.msg === 'interaction denied' && l.interactionId === i.id);
    expect(denied).toMatchObject({ precondition: 'missing-approver', userId: fake.world.users.bob.id });
  });

  it('refuses an approver-only button to a requester and leaves the message unchanged', async () => {
    const { fake } = h;
    const offer = fake.dispatchCommand({ name: 'offer', user: fake.world.users.bob });
    const message = await reply(offer.id);
    const press = fake.dispatchButton({ customId: 'v1:approve:42', user: fake.world.users.bob, messageId: message.id as string });
    const first = await fake.firstCallback(press.id);
    expect(first.type).toBe(4);
    expect(first.body).toMatchObject({ content: 'You need the Approver role to do this.', flags: 64 });
    expect((fake.message(message.id as string)!.embeds as Embed[])[0]!.title).toBe('Dune (missing)');

    const approved = fake.dispatchButton({ customId: 'v1:approve:42', user: fake.world.users.alice, messageId: message.id as string });
    expect((await fake.firstCallback(approved.id)).type).toBe(6); // deferred update of the message
    await waitFor(() => ((fake.message(message.id as string)!.embeds as Embed[])[0]!.title === 'Book 42 approved by alice' ? true : undefined));
    expect(fake.message(message.id as string)!.components).toEqual([]);
  });

  it('answers a button of an older message layout "out of date" instead of acting on it, and leaves the message alone', async () => {
    const { fake } = h;
    const offer = fake.dispatchCommand({ name: 'offer', user: fake.world.users.bob });
    const message = await reply(offer.id);
    for (const old of ['approve:42', 'v0:approve:42']) {
      const press = fake.dispatchButton({ customId: old, user: fake.world.users.alice, messageId: message.id as string });
      const first = await fake.firstCallback(press.id);
      expect(first.type).toBe(4);
      expect(first.body).toMatchObject({ content: 'This message is out of date: run the command again for a current one.', flags: 64 });
    }
    expect((fake.message(message.id as string)!.embeds as Embed[])[0]!.title).toBe('Dune (missing)');
  });

  it('acknowledges a 5 s handler within the deadline, then edits the reply', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'slow', user: fake.world.users.bob });
    const first = await fake.firstCallback(i.id);
    expect(first.type).toBe(5);
    expect(first.latencyMs).toBeLessThan(1_000);
    const done = await waitFor(() => (fake.originalMessage(i.id)?.content === 'finished after 5 s' ? Date.now() : undefined), 8_000);
    expect(done - i.dispatchedAt).toBeGreaterThanOrEqual(5_000);
    expect(fake.interaction(i.id).callbackAttempts.map((a) => a.status)).toEqual([204]);
  }, 15_000);

  it('turns an unexpected error into a private message with an error id that is also in the log', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'boom', user: fake.world.users.bob });
    const message = await waitFor(() => {
      const content = fake.originalMessage(i.id)?.content as string | undefined;
      return content?.startsWith('Something went wrong') ? content : undefined;
    });
    const errorId = /error id ([0-9A-F]{8})/.exec(message)?.[1];
    expect(errorId).toBeDefined();
    expect(message).not.toContain('books'); // internals stay in the log
    expect(fake.originalMessage(i.id)!.flags).toBe(64);
    const logged = h.logs.records().find((l) => l.msg === 'interaction failed' && l.errorId === errorId);
    expect(logged).toMatchObject({ level: 50, command: 'boom', interactionId: i.id });
    expect(JSON.stringify(logged)).toContain('relation \\"books\\" does not exist');
    await waitFor(() => h.logs.records().find((l) => l.msg === 'interaction handled' && l.interactionId === i.id && l.outcome === 'error'));
  });

  it('replaces a public "thinking…" reply with a private error message', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'publicboom', user: fake.world.users.bob });
    const followUp = await waitFor(() => fake.followUps(i.id)[0]);
    expect(followUp).toMatchObject({ flags: 64, content: expect.stringMatching(/^Something went wrong \(error id [0-9A-F]{8}\)/) });
    expect(fake.originalMessage(i.id)).toBeUndefined(); // the public placeholder was deleted
  });

  it('leaves the message a failing button is on unchanged and answers privately with an error id', async () => {
    const { fake } = h;
    const offer = fake.dispatchCommand({ name: 'offer', user: fake.world.users.bob });
    const message = await reply(offer.id);
    const press = fake.dispatchButton({ customId: 'v1:explode:1', user: fake.world.users.bob, messageId: message.id as string });
    const followUp = await waitFor(() => fake.followUps(press.id)[0]);
    expect(followUp).toMatchObject({ flags: 64, content: expect.stringMatching(/error id [0-9A-F]{8}/) });
    expect(fake.message(message.id as string)).toMatchObject({ embeds: [expect.objectContaining({ title: 'Dune (missing)' })] });
  });

  it('tells the user, with an error id, when Discord refuses the reply itself', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'toolong', user: fake.world.users.bob });
    const content = await waitFor(() => {
      const c = fake.originalMessage(i.id)?.content as string | undefined;
      return c?.startsWith('Something went wrong') ? c : undefined;
    });
    const errorId = /error id ([0-9A-F]{8})/.exec(content)?.[1];
    expect(h.logs.records().find((l) => l.errorId === errorId)).toMatchObject({ msg: 'interaction reply refused by Discord', err: { code: 50035 } });
  });

  it('shows a CommandError message as is, and logs each outcome with its duration', async () => {
    const { fake } = h;
    const i = fake.dispatchCommand({ name: 'nosuchbook', user: fake.world.users.bob });
    expect((await reply(i.id)).content).toBe('No book with id 99.');
    const handled = await waitFor(() => h.logs.records().find((l) => l.msg === 'interaction handled' && l.interactionId === i.id));
    expect(handled).toMatchObject({ outcome: 'rejected', durationMs: expect.any(Number) });
  });

  it('answers autocomplete with matching choices, and routes a select menu with the same role check', async () => {
    const { fake } = h;
    const ac = fake.dispatchAutocomplete({ name: 'find', user: fake.world.users.bob, focused: 'title', options: { title: 'du' } });
    const choices = await fake.firstCallback(ac.id);
    expect(choices.type).toBe(8);
    expect(choices.body.choices).toEqual([
      { name: 'Dune', value: 'Dune' },
      { name: 'Dune Messiah', value: 'Dune Messiah' },
    ]);
    const cmd = fake.dispatchCommand({ name: 'find', user: fake.world.users.bob, options: { title: 'Dune' } });
    const menu = await reply(cmd.id);
    expect(menu.content).toBe('Looking for Dune');
    const denied = fake.dispatchSelect({ customId: 'v1:pick', user: fake.world.users.carol, messageId: menu.id as string, values: ['dune'] });
    expect((await fake.firstCallback(denied.id)).body).toMatchObject({ content: 'You need the Requester role to do this.', flags: 64 });
    const pick = fake.dispatchSelect({ customId: 'v1:pick', user: fake.world.users.bob, messageId: menu.id as string, values: ['messiah'] });
    expect((await reply(pick.id)).content).toBe('Picked messiah');
  });
});
