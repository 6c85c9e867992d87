import type {
  APIActionRowComponent,
  APIComponentInMessageActionRow,
  APIEmbed,
  ApplicationCommandOptionChoiceData,
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageComponentInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Precondition, Requester } from './preconditions.js';

/** What a handler answers with; the router sends it as the edit of the deferred reply. */
export interface ReplyPayload {
  content?: string;
  embeds?: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

export interface CommandContext {
  interaction: ChatInputCommandInteraction;
  requester: Requester;
  logger: Logger;
}

export interface ComponentContext {
  interaction: MessageComponentInteraction;
  requester: Requester;
  /** The custom id's arguments after the action, e.g. `v1:approve:42` → ['42']. */
  args: string[];
  logger: Logger;
}

/** A command as Discord is told about it: a SlashCommandBuilder (with default member permissions and guild-only contexts). */
export interface CommandDefinition {
  readonly name: string;
  toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
}

/** One slash command: one file under commands/, registered through the command registry. */
export interface BotCommand {
  /** The command's definition, exported on its own by its file so registration needs no dependencies. */
  data: CommandDefinition;
  /** Checked before anything else, in order; the first refusal is shown to the user. */
  preconditions: Precondition[];
  /** Whether the reply is only visible to the requester. */
  ephemeral: boolean;
  execute(ctx: CommandContext): Promise<ReplyPayload>;
  /** Answers autocomplete within Discord's deadline; an autocomplete answer cannot be deferred. */
  autocomplete?(ctx: { interaction: AutocompleteInteraction; requester: Requester; logger: Logger }): Promise<ApplicationCommandOptionChoiceData[]>;
}

/** A button or select menu handler, selected by the action of its custom id (`v1:<action>:<args>`, see custom-id.ts). */
export interface ComponentHandler {
  /** The action of the custom ids it answers. */
  prefix: string;
  /** The arguments the action takes, validated before `execute` (a malformed id is refused, never half-read). */
  args?: z.ZodType<string[]>;
  preconditions: Precondition[];
  /** 'update' edits the message the component is on; 'reply' answers with a new ephemeral message. */
  response: 'update' | 'reply';
  execute(ctx: ComponentContext): Promise<ReplyPayload>;
}

/**
 * An error whose message is meant for the user (e.g. "No book with that id"). Anything else is shown as a generic
 * failure with an error id, and its details go to the log only.
 */
export class CommandError extends Error {
  override readonly name = 'CommandError';
}
