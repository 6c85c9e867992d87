import { REST } from 'discord.js';
import type { Logger } from 'pino';
import type { CommandDefinition } from './bot-command.js';
import { definitionsJson } from './command-registry.js';
import { COMMAND_DEFINITIONS } from './commands/index.js';
import { DEFAULT_DISCORD_API_BASE_URL, normaliseApiBase } from './discord-client.js';
import { registerCommands } from './register-commands.js';

/**
 * `cli discord register`: writes the guild commands over REST without connecting to the gateway. With `force` it
 * overwrites even when Discord already has the same definitions (e.g. after someone edited them by hand). It needs
 * only the commands' definitions, none of their dependencies.
 */
export async function registerCommandsFromCli(input: {
  token: string;
  applicationId: string;
  guildId: string;
  apiBaseUrl?: string;
  force: boolean;
  logger: Logger;
  definitions?: readonly CommandDefinition[];
}): Promise<{ changed: boolean; commands: string[] }> {
  const definitions = definitionsJson(input.definitions ?? COMMAND_DEFINITIONS);
  const rest = new REST({ api: normaliseApiBase(input.apiBaseUrl ?? DEFAULT_DISCORD_API_BASE_URL) }).setToken(input.token);
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
