import type { Logger } from 'pino';
import { startBot, type RunningBot } from '../bot/bot.js';
import { maskTokens } from '../bot/safe-error.js';
import type { AppConfig } from '../config/config.js';
import type { BotCommandDeps } from '../bot/commands/index.js';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import type { NotificationOutbox } from '../core/notifications/outbox.port.js';
import type { ComponentStatus } from '../core/status/status-report.js';

export interface DiscordRetry {
  backoff: BackoffPolicy;
  /** One login attempt (REST, gateway, guild) must end within this, or it is abandoned and retried. */
  attemptTimeoutMs: number;
}

export const DEFAULT_DISCORD_RETRY: DiscordRetry = { backoff: { baseMs: 5_000, maxMs: 5 * 60_000, jitter: 'equal' }, attemptTimeoutMs: 30_000 };

export interface DiscordRole {
  /** The bot's connection as the `discord` integration shows it in /ready and /status (never does I/O). */
  status(): ComponentStatus;
  /** Whether the bot has logged in (tests, the status overlay). */
  readonly connected: boolean;
  stop(): Promise<void>;
}

function describe(error: unknown): string {
  return maskTokens(error instanceof Error ? error.message : String(error));
}

/**
 * The bot role: disabled (logged with the reason) without DISCORD_TOKEN, DISCORD_APPLICATION_ID and DISCORD_GUILD_ID;
 * without DISCORD_NOTIFY_CHANNEL_ID it answers commands but leaves notifications queued for a process that has one.
 *
 * The login runs in the background and is retried with backoff, so an unreachable Discord never holds up or stops the
 * other roles: until it succeeds the `discord` integration is reported unhealthy with the reason.
 */
export function startDiscordBot(deps: {
  config: AppConfig;
  logger: Logger;
  commands: BotCommandDeps;
  outbox: NotificationOutbox;
  retry?: DiscordRetry;
}): DiscordRole | undefined {
  const { config, logger } = deps;
  const retry = deps.retry ?? DEFAULT_DISCORD_RETRY;
  const setting = config.integrations.find((i) => i.name === 'discord');
  const { token, applicationId, guildId, notifyChannelId, roles, apiBaseUrl } = config.discord;
  if (!setting?.enabled || !token || !applicationId || !guildId) {
    logger.info({ reason: setting?.reason }, 'bot role disabled');
    return undefined;
  }
  if (!notifyChannelId) logger.warn('DISCORD_NOTIFY_CHANNEL_ID not set: notifications stay queued until a bot with a channel runs');

  let state: ComponentStatus = { name: 'discord', state: 'enabled', reason: 'the bot is connecting to Discord' };
  let bot: RunningBot | undefined;
  let stopped = false;
  let controller: AbortController | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const attempt = async (n: number): Promise<void> => {
    controller = new AbortController();
    const abort = controller;
    const deadline = setTimeout(() => abort.abort(new Error(`no answer from Discord within ${retry.attemptTimeoutMs / 1000} s`)), retry.attemptTimeoutMs);
    try {
      const running = await startBot({
        options: { token, applicationId, guildId, notifyChannelId: notifyChannelId ?? '', roles, apiBaseUrl },
        logger,
        commands: deps.commands,
        ...(notifyChannelId ? { outbox: deps.outbox } : {}),
        signal: abort.signal,
      });
      if (stopped) {
        await running.stop();
        return;
      }
      bot = running;
      state = { name: 'discord', state: 'healthy', detail: 'bot connected', checkedAt: new Date() };
      if (n > 1) logger.info({ attempts: n }, 'connected to Discord after retrying');
    } catch (error) {
      if (stopped) return;
      const delayMs = backoffDelay(retry.backoff, n);
      const reason = `the bot cannot connect to Discord at ${apiBaseUrl}: ${describe(error)}`;
      state = { name: 'discord', state: 'unhealthy', reason: `${reason} (attempt ${n}; next in ${Math.ceil(delayMs / 1000)} s)`, checkedAt: new Date() };
      logger.warn({ attempt: n, retryInMs: delayMs, reason }, 'Discord login failed; the other roles keep running and the bot retries');
      retryTimer = setTimeout(() => {
        current = attempt(n + 1);
      }, delayMs);
    } finally {
      clearTimeout(deadline);
    }
  };
  current = attempt(1);

  return {
    status: () => ({ ...state }),
    get connected() {
      return bot !== undefined;
    },
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      controller?.abort(new Error('the service is stopping'));
      await current;
      await bot?.stop();
    },
  };
}
