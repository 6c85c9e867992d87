import { InteractionContextType, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import type { BotCommand, CommandDefinition, ComponentHandler } from './bot-command.js';
import { decodeCustomId } from './custom-id.js';

export interface CommandRegistry {
  command(name: string): BotCommand | undefined;
  /**
   * The handler for a custom id `v1:<action>:<arg>…` and its validated arguments; `outdated` for an id made by another
   * version (the message is older than this code); undefined when no handler takes it.
   */
  component(customId: string): { handler: ComponentHandler; args: string[] } | 'outdated' | undefined;
  /** The JSON sent to Discord's bulk registration. */
  definitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[];
}

/**
 * Collects the commands and component handlers once at start-up, and refuses a set that would misbehave in Discord:
 * two handlers for one name or prefix, a command usable in DMs, or one without explicit default member permissions.
 */
export function createCommandRegistry(input: { commands: BotCommand[]; components?: ComponentHandler[] }): CommandRegistry {
  const definitions = definitionsJson(input.commands.map((c) => c.data));
  const commands = new Map(input.commands.map((c) => [c.data.name, c]));
  const components = new Map<string, ComponentHandler>();
  for (const handler of input.components ?? []) {
    if (!handler.prefix || handler.prefix.includes(':')) throw new Error(`Invalid component prefix "${handler.prefix}"`);
    if (components.has(handler.prefix)) throw new Error(`Two handlers for the component prefix "${handler.prefix}"`);
    components.set(handler.prefix, handler);
  }
  return {
    command: (name) => commands.get(name),
    component(customId) {
      const decoded = decodeCustomId(customId);
      if (decoded.kind === 'outdated') return 'outdated';
      if (decoded.kind === 'invalid') return undefined;
      const handler = components.get(decoded.action);
      if (!handler) return undefined;
      if (!handler.args) return { handler, args: decoded.args };
      const args = handler.args.safeParse(decoded.args);
      return args.success ? { handler, args: args.data } : undefined;
    },
    definitions: () => definitions,
  };
}

/** The JSON of a set of command definitions, refusing one that would misbehave in Discord (see above). */
export function definitionsJson(input: readonly CommandDefinition[]): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const names = new Set<string>();
  return input.map((definition) => {
    const json = definition.toJSON();
    if (names.has(json.name)) throw new Error(`Two handlers for the slash command /${json.name}`);
    if (json.default_member_permissions === undefined) throw new Error(`/${json.name} must set default member permissions`);
    const contexts = json.contexts ?? [];
    if (contexts.length !== 1 || contexts[0] !== InteractionContextType.Guild) throw new Error(`/${json.name} must be guild-only`);
    names.add(json.name);
    return json;
  });
}
