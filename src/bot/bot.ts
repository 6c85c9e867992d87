import { Events, type RESTOptions, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { NotificationOutbox } from '../core/notifications/outbox.port.js';
import type { BotCommand, ComponentHandler } from './bot-command.js';
import { createCommandRegistry } from './command-registry.js';
import { type BotCommandDeps, builtinCommands } from './commands/index.js';
import { createDiscordClient } from './discord-client.js';
import { createInteractionRouter } from './interaction-router.js';
import { type Notifier, type NotifierOptions, createNotifier } from './notifier.js';
import { type BotRoles, type Precondition, type RoleLevel, createPreconditions } from './preconditions.js';
import { registerCommands } from './register-commands.js';
import { safeError } from './safe-error.js';

export interface BotOptions {
  token: string;
  applicationId: string;
  guildId: string;
  notifyChannelId: string;
  roles: BotRoles;
  /** Discord's REST base (default https://discord.com/api); the gateway address comes from its /gateway/bot. */
  apiBaseUrl?: string;
}

export interface BotDeps {
  options: BotOptions;
  logger: Logger;
  /** What the commands use (the status report, and the workflows' operations as they arrive). */
  commands: BotCommandDeps;
  /** Where notifications wait; without it this process delivers none. */
  outbox?: NotificationOutbox;
  /** Extra commands and buttons (tests), built with the configured role checks. */
  extend?: (ctx: { preconditions: Record<RoleLevel, Precondition> }) => { commands?: BotCommand[]; components?: ComponentHandler[] };
  notifier?: Partial<NotifierOptions>;
  rest?: Partial<RESTOptions>;
  /** Aborts the login (the client is destroyed and startBot rejects with the signal's reason). */
  signal?: AbortSignal;
}

export interface RunningBot {
  stop(): Promise<void>;
  /** Delivers waiting notifications now rather than at the next poll. */
  wakeNotifier(): void;
}

const sentMessageSchema = z.object({ id: z.string() });

/**
 * Logs in, registers the guild commands if they changed, routes interactions and delivers the outbox.
 * Resolves once the client is ready (guild received); rejects if Discord refuses the login or `signal` aborts it
 * (the caller, src/app/discord.ts, retries in the background).
 */
export async function startBot(deps: BotDeps): Promise<RunningBot> {
  const { options } = deps;
  const logger = deps.logger.child({ module: 'bot' });
  const preconditions = createPreconditions(options.roles);
  const extra = deps.extend?.({ preconditions }) ?? {};
  const registry = createCommandRegistry({
    commands: [...builtinCommands(deps.commands, preconditions), ...(extra.commands ?? [])],
    components: extra.components ?? [],
  });
  const client = createDiscordClient({
    ...(options.apiBaseUrl ? { apiBaseUrl: options.apiBaseUrl } : {}),
    ...(deps.rest ? { rest: deps.rest } : {}),
  });
  const route = createInteractionRouter({ registry, guildId: options.guildId, logger });
  client.on(Events.InteractionCreate, (interaction) => void route(interaction));
  client.on(Events.Error, (err) => logger.error({ err: safeError(err) }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event) => logger.warn({ code: event.code }, 'discord gateway disconnected'));
  client.on(Events.ShardResume, (_id, replayed) => logger.info({ replayed }, 'discord gateway resumed'));
  client.rest.on('rateLimited', (info) =>
    logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit; waiting'),
  );

  // Attach before login: login() resolves on READY, clientReady waits for the guild to arrive.
  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    const signal = deps.signal;
    if (!signal) return;
    onAbort = () => reject(signal.reason instanceof Error ? signal.reason : new Error('Discord login aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  const login = client.login(options.token).then(() => ready);
  // Once aborted, the login's own later rejection (the destroyed client) has no one left to hear it.
  login.catch(() => {});
  try {
    await Promise.race([login, aborted]);
  } catch (err) {
    await client.destroy();
    throw err;
  } finally {
    if (onAbort) deps.signal?.removeEventListener('abort', onAbort);
  }
  logger.info({ user: client.user?.tag, guildId: options.guildId }, 'discord bot ready');

  try {
    await registerCommands({
      rest: client.rest,
      applicationId: options.applicationId,
      guildId: options.guildId,
      definitions: registry.definitions(),
      logger,
    });
  } catch (err) {
    // The previously registered commands keep working; the next start (or `cli discord register`) tries again.
    logger.error({ err: safeError(err) }, 'discord command registration failed');
  }

  let notifier: Notifier | undefined;
  if (deps.outbox) {
    notifier = createNotifier({
      outbox: deps.outbox,
      logger,
      ...(deps.notifier ? { options: deps.notifier } : {}),
      send: async (body) =>
        sentMessageSchema.parse(await client.rest.post(Routes.channelMessages(options.notifyChannelId), { body })),
    });
    notifier.start();
  }

  return {
    async stop() {
      await notifier?.stop();
      await client.destroy();
      logger.info('discord bot stopped');
    },
    wakeNotifier: () => notifier?.wake(),
  };
}
