import { z } from 'zod';
import { InteractionContextType, PermissionFlagsBits, type REST, SlashCommandBuilder } from 'discord.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../../src/bot/command-registry.js';
import { registerCommands } from '../../../src/bot/register-commands.js';

const definition = (description = 'Search for a book') =>
  new SlashCommandBuilder()
    .setName('search')
    .setDescription(description)
    .setDefaultMemberPermissions(PermissionFlagsBits.UseApplicationCommands)
    .setContexts(InteractionContextType.Guild)
    .addStringOption((o) => o.setName('query').setDescription('Title or author').setRequired(true))
    .addBooleanOption((o) => o.setName('owned').setDescription('Include owned'))
    .toJSON();

/** What Discord answers on GET: ids, versions, defaults filled in, contexts dropped for a guild command. */
const asDiscordReturnsIt = (def: ReturnType<typeof definition>) => ({
  ...def,
  id: '1',
  application_id: '2',
  version: '3',
  guild_id: '4',
  type: 1,
  nsfw: false,
  contexts: null,
  integration_types: [0],
  name_localizations: null,
  description_localizations: null,
  options: def.options!.map((o) => ({ required: false, ...o, name_localizations: null, description_localizations: null })),
});

/** A REST stand-in recording what would be written; registration logic is what is under test here. */
function restWith(current: unknown[]) {
  const puts: unknown[] = [];
  const rest = { get: async () => current, put: async (_route: string, opts: { body: unknown }) => void puts.push(opts.body) };
  return { rest: rest as unknown as REST, puts };
}

const logger = pino({ level: 'silent' });

describe('command registration', () => {
  it('given Discord already has the same commands (with its own defaults), then nothing is written', async () => {
    const { rest, puts } = restWith([asDiscordReturnsIt(definition())]);
    const result = await registerCommands({ rest, applicationId: '2', guildId: '4', definitions: [definition()], logger });
    expect(result).toEqual({ changed: false });
    expect(puts).toEqual([]);
  });

  it('given a changed description, then the commands are overwritten', async () => {
    const { rest, puts } = restWith([asDiscordReturnsIt(definition())]);
    const result = await registerCommands({ rest, applicationId: '2', guildId: '4', definitions: [definition('Find a book')], logger });
    expect(result).toEqual({ changed: true });
    expect(puts).toEqual([[definition('Find a book')]]);
  });

  it('given force, then it writes without comparing', async () => {
    const { rest, puts } = restWith([asDiscordReturnsIt(definition())]);
    await registerCommands({ rest, applicationId: '2', guildId: '4', definitions: [definition()], force: true, logger });
    expect(puts).toHaveLength(1);
  });
});

describe('command registry', () => {
  const command = (data: ReturnType<typeof definition>) => ({
    data: { name: data.name, toJSON: () => data },
    preconditions: [],
    ephemeral: true,
    execute: async () => ({}),
  });

  it('refuses a command usable outside the guild or without default member permissions', () => {
    expect(() => createCommandRegistry({ commands: [command({ ...definition(), contexts: [0, 1] })] })).toThrow(/guild-only/);
    const { default_member_permissions: _, ...noPerms } = definition();
    expect(() => createCommandRegistry({ commands: [command(noPerms)] })).toThrow(/default member permissions/);
    expect(() => createCommandRegistry({ commands: [command(definition()), command(definition())] })).toThrow(/Two handlers/);
  });

  it('finds a component handler by the action of a current custom id and passes its arguments, validated', () => {
    const handler = { prefix: 'approve', preconditions: [], response: 'update' as const, execute: async () => ({}) };
    const paged = { prefix: 'page', args: z.tuple([z.enum(['missing', 'queue']), z.string().regex(/^\d+$/)]), preconditions: [], response: 'update' as const, execute: async () => ({}) };
    const registry = createCommandRegistry({ commands: [], components: [handler, paged] });
    expect(registry.component('v1:approve:42:x')).toEqual({ handler, args: ['42', 'x'] });
    expect(registry.component('v1:page:queue:2')).toEqual({ handler: paged, args: ['queue', '2'] });
    expect(registry.component('v1:page:queue:two')).toBeUndefined();
    expect(registry.component('v1:deny:42')).toBeUndefined();
    expect(registry.component('approve:42')).toBe('outdated');
  });
});
