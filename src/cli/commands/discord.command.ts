import { registerCommandsFromCli } from '../../bot/register-cli.js';
import { loadConfigOrExit } from '../../app/run-until-signal.js';
import { cliLogger } from '../context.js';

/** `discord register [--force]`: writes the guild's slash commands (over REST only, no gateway, no database). */
export async function registerDiscordCommands(opts: { force: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  const { token, applicationId, guildId, apiBaseUrl } = config.discord;
  if (!token || !applicationId || !guildId) {
    process.stderr.write('shelfkeeper: DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID are needed to register commands\n');
    return 1;
  }
  const result = await registerCommandsFromCli({ token, applicationId, guildId, apiBaseUrl, force: opts.force, logger: cliLogger(config) });
  process.stdout.write(`${result.changed ? 'registered' : 'already up to date'}: ${result.commands.map((c) => `/${c}`).join(', ')}\n`);
  return 0;
}
