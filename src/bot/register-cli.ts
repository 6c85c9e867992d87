import { REST } from 'discord.js';
import type { Logger } from 'pino';
import type { BotCommand } from './bot-command.js';
import { createCommandRegistry } from './command-registry.js';
import { builtinCommands } from './commands/index.js';
import { DEFAULT_DISCORD_API_BASE_URL, normaliseApiBase } from './discord-client.js';
import { type BotRoles, type Precondition, type RoleLevel, createPreconditions } from './preconditions.js';
import { registerCommands } from './register-commands.js';

/**
 * `cli discord register`: writes the guild commands over REST without connecting to the gateway. With `force` it
 * overwrites even when Discord already has the same definitions (e.g. after someone edited them by hand).
 */
export async function registerCommandsFromCli(input: {
  token: string;
  applicationId: string;
  guildId: string;
  roles: BotRoles;
  apiBaseUrl?: string;
  force: boolean;
  logger: Logger;
  extend?: (ctx: { preconditions: Record<RoleLevel, Precondition> }) => { commands?: BotCommand[] };
}): Promise<{ changed: boolean; commands: string[] }> {
  const preconditions = createPreconditions(input.roles);
  const notFromCli = async () => {
    throw new Error('status is not available from the CLI');
  };
  const registry = createCommandRegistry({
    commands: [...builtinCommands({ status: notFromCli, preconditions }), ...(input.extend?.({ preconditions }).commands ?? [])],
  });
  const rest = new REST({ api: normaliseApiBase(input.apiBaseUrl ?? DEFAULT_DISCORD_API_BASE_URL) }).setToken(input.token);
  const definitions = registry.definitions();
  const { changed } = await registerCommands({
    rest,
    applicationId: input.applicationId,
    guildId: input.guildId,
    definitions,
    force: input.force,
    logger: input.logger,
  });
  return { changed, commands: definitions.map((d) => d.name) };
}
