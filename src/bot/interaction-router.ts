import { randomBytes } from 'node:crypto';
import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  GuildMember,
  type Interaction,
  type InteractionEditReplyOptions,
  MessageFlags,
  type MessageComponentInteraction,
} from 'discord.js';
import type { Logger } from 'pino';
import { CommandError, type ReplyPayload } from './bot-command.js';
import type { CommandRegistry } from './command-registry.js';
import { EMBED_LIMITS, truncate } from './embed-limits.js';
import { type Requester, runPreconditions } from './preconditions.js';
import { safeError } from './safe-error.js';

export interface InteractionRouterDeps {
  registry: CommandRegistry;
  guildId: string;
  logger: Logger;
  /** How long autocomplete may take: its answer cannot be deferred, and Discord's deadline is 3 s. */
  autocompleteTimeoutMs?: number;
}

/** The interactions the router answers with messages (autocomplete answers with choices). */
type Answerable = ChatInputCommandInteraction | MessageComponentInteraction;

/** What the acknowledgement was: decides how a failure is shown. */
type ReplyMode = 'ephemeral' | 'public' | 'update';

type Outcome = 'success' | 'denied' | 'rejected' | 'error' | 'ignored';

export function requesterOf(interaction: Interaction): Requester {
  const member = interaction.member;
  const roleIds =
    member instanceof GuildMember ? [...member.roles.cache.keys()] : Array.isArray(member?.roles) ? [...member.roles] : [];
  return {
    userId: interaction.user.id,
    roleIds,
    permissions: interaction.memberPermissions?.bitfield ?? 0n,
    roleName: (id) => interaction.guild?.roles.cache.get(id)?.name ?? `<@&${id}>`,
  };
}

const newErrorId = () => randomBytes(4).toString('hex').toUpperCase();

function toEdit(payload: ReplyPayload): InteractionEditReplyOptions {
  const empty = !payload.content && !payload.embeds?.length && !payload.components?.length;
  return {
    ...(payload.content !== undefined || empty ? { content: truncate(payload.content ?? 'Done.', EMBED_LIMITS.content) } : {}),
    ...(payload.embeds ? { embeds: payload.embeds } : {}),
    ...(payload.components ? { components: payload.components } : {}),
  };
}

/**
 * Routes every interaction: checks the guild and the preconditions (no I/O), then acknowledges at once (defer) so the
 * first response is inside Discord's 3 s window whatever the handler does, then edits the reply with the result.
 * Failures become a short ephemeral message carrying an error id that is also logged. Never throws.
 */
export function createInteractionRouter(deps: InteractionRouterDeps): (interaction: Interaction) => Promise<void> {
  const autocompleteTimeoutMs = deps.autocompleteTimeoutMs ?? 2_000;

  async function refuse(interaction: Answerable, message: string): Promise<void> {
    await interaction.reply({ content: message, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
  }

  /** Tells the user something failed, ephemerally, whatever state the acknowledgement is in. */
  async function fail(interaction: Answerable, mode: ReplyMode, message: string, log: Logger): Promise<void> {
    if (!interaction.deferred && !interaction.replied) return void (await refuse(interaction, message));
    if (mode === 'update') {
      // The "reply" is the message the button is on (perhaps a notification): leave it as it was, answer privately.
      await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
      return;
    }
    if (mode === 'public') {
      // A public "thinking…" message cannot turn ephemeral: remove it and say it privately instead.
      await interaction.deleteReply().catch((err: unknown) => log.warn({ err: safeError(err) }, 'could not delete the public reply'));
      await interaction.followUp({ content: message, flags: MessageFlags.Ephemeral });
      return;
    }
    await interaction.editReply({ content: message, embeds: [], components: [] });
  }

  async function runCommand(interaction: ChatInputCommandInteraction, requester: Requester, log: Logger): Promise<Outcome> {
    const command = deps.registry.command(interaction.commandName);
    if (!command) {
      await refuse(interaction, 'This command is not available any more.');
      return 'ignored';
    }
    const allowed = runPreconditions(command.preconditions, requester);
    if (!allowed.ok) {
      await refuse(interaction, allowed.message);
      log.info({ precondition: allowed.identifier }, 'interaction denied');
      return 'denied';
    }
    await interaction.deferReply(command.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    return execute(interaction, command.ephemeral ? 'ephemeral' : 'public', log, () =>
      command.execute({ interaction, requester, logger: log }),
    );
  }

  async function runComponent(interaction: MessageComponentInteraction, requester: Requester, log: Logger): Promise<Outcome> {
    const found = deps.registry.component(interaction.customId);
    if (found === 'outdated') {
      await refuse(interaction, 'This message is out of date: run the command again for a current one.');
      return 'ignored';
    }
    if (!found) {
      await refuse(interaction, 'This button is no longer active.');
      return 'ignored';
    }
    // A button is not a way around a role: the same check as for the command.
    const allowed = runPreconditions(found.handler.preconditions, requester);
    if (!allowed.ok) {
      await refuse(interaction, allowed.message);
      log.info({ precondition: allowed.identifier }, 'interaction denied');
      return 'denied';
    }
    if (found.handler.response === 'update') await interaction.deferUpdate();
    else await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    return execute(interaction, found.handler.response === 'update' ? 'update' : 'ephemeral', log, () =>
      found.handler.execute({ interaction, requester, args: found.args, logger: log }),
    );
  }

  async function execute(interaction: Answerable, mode: ReplyMode, log: Logger, work: () => Promise<ReplyPayload>): Promise<Outcome> {
    let payload: ReplyPayload;
    try {
      payload = await work();
    } catch (err) {
      if (err instanceof CommandError) {
        await fail(interaction, mode, err.message, log);
        log.info({ reason: err.message }, 'interaction rejected');
        return 'rejected';
      }
      const errorId = newErrorId();
      log.error({ err: safeError(err), errorId }, 'interaction failed');
      await fail(interaction, mode, `Something went wrong (error id ${errorId}). The details are in the service log.`, log);
      return 'error';
    }
    try {
      await interaction.editReply(toEdit(payload));
    } catch (err) {
      // Discord refused the answer itself (e.g. over a limit): without this the user would see "thinking…" forever.
      const errorId = newErrorId();
      log.error({ err: safeError(err), errorId }, 'interaction reply refused by Discord');
      await fail(interaction, mode, `Something went wrong (error id ${errorId}). The details are in the service log.`, log);
      return 'error';
    }
    return 'success';
  }

  async function runAutocomplete(interaction: AutocompleteInteraction, requester: Requester, log: Logger): Promise<Outcome> {
    const command = deps.registry.command(interaction.commandName);
    if (!command?.autocomplete || !runPreconditions(command.preconditions, requester).ok) {
      await interaction.respond([]);
      return command ? 'denied' : 'ignored';
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`autocomplete took over ${autocompleteTimeoutMs} ms`)), autocompleteTimeoutMs);
    });
    try {
      const choices = await Promise.race([command.autocomplete({ interaction, requester, logger: log }), timeout]);
      await interaction.respond(choices.slice(0, 25));
      return 'success';
    } catch (err) {
      log.warn({ err: safeError(err) }, 'autocomplete failed; answering with no choices');
      await interaction.respond([]);
      return 'error';
    } finally {
      clearTimeout(timer);
    }
  }

  return async (interaction) => {
    const started = performance.now();
    const what = interaction.isChatInputCommand() || interaction.isAutocomplete()
      ? { command: interaction.commandName }
      : interaction.isMessageComponent()
        ? { customId: interaction.customId }
        : {};
    const log = deps.logger.child({ interactionId: interaction.id, userId: interaction.user.id, ...what });
    let outcome: Outcome = 'ignored';
    try {
      if (interaction.guildId !== deps.guildId) {
        if (interaction.isChatInputCommand() || interaction.isMessageComponent()) {
          await refuse(interaction, 'This bot only answers in its own server.');
        }
      } else {
        const requester = requesterOf(interaction);
        if (interaction.isChatInputCommand()) outcome = await runCommand(interaction, requester, log);
        else if (interaction.isMessageComponent()) outcome = await runComponent(interaction, requester, log);
        else if (interaction.isAutocomplete()) outcome = await runAutocomplete(interaction, requester, log);
      }
      log.info({ outcome, durationMs: Math.round(performance.now() - started) }, 'interaction handled');
    } catch (err) {
      // Discord itself refused (deadline passed, message invalid, network): nothing more can be sent to the user.
      log.error({ err: safeError(err), outcome: 'error', durationMs: Math.round(performance.now() - started) }, 'interaction could not be answered');
    }
  };
}
