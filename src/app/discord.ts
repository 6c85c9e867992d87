import type { Logger } from 'pino';
import { startBot, type RunningBot } from '../bot/bot.js';
import type { AppConfig } from '../config/config.js';
import type { BotCommandDeps } from '../bot/commands/index.js';
import type { NotificationOutbox } from '../core/notifications/outbox.port.js';

/**
 * The bot role: disabled (logged with the reason) without DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID;
 * without DISCORD_NOTIFY_CHANNEL_ID it answers commands but leaves notifications queued for a process that has one.
 */
export async function startDiscordBot(deps: {
  config: AppConfig;
  logger: Logger;
  commands: BotCommandDeps;
  outbox: NotificationOutbox;
}): Promise<RunningBot | undefined> {
  const { config, logger } = deps;
  const setting = config.integrations.find((i) => i.name === 'discord');
  const { token, applicationId, guildId, notifyChannelId, roles, apiBaseUrl } = config.discord;
  if (!setting?.enabled || !token || !applicationId || !guildId) {
    logger.info({ reason: setting?.reason }, 'bot role disabled');
    return undefined;
  }
  if (!notifyChannelId) logger.warn('DISCORD_NOTIFY_CHANNEL_ID not set: notifications stay queued until a bot with a channel runs');
  return startBot({
    options: { token, applicationId, guildId, notifyChannelId: notifyChannelId ?? '', roles, apiBaseUrl },
    logger,
    commands: deps.commands,
    ...(notifyChannelId ? { outbox: deps.outbox } : {}),
  });
}
