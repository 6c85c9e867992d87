import type { StatusProvider } from '../../core/status/status-report.js';
import type { BotCommand, CommandDefinition } from '../bot-command.js';
import type { Precondition, RoleLevel } from '../preconditions.js';
import { statusCommand, statusDefinition } from './status.command.js';

/** What the bot's commands use, handed over by the composition root (src/app). */
export interface BotCommandDeps {
  status: StatusProvider;
}

/** What Discord is told about every command: `cli discord register` needs only this, no dependencies. */
export const COMMAND_DEFINITIONS: readonly CommandDefinition[] = [statusDefinition];

/** The bot's commands, each wired to the parts of the services it uses; one per entry of COMMAND_DEFINITIONS. */
export function builtinCommands(deps: BotCommandDeps, preconditions: Record<RoleLevel, Precondition>): BotCommand[] {
  return [statusCommand({ status: deps.status, requester: preconditions.requester })];
}
