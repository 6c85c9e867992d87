import type { StatusProvider } from '../../core/status/status-report.js';
import type { BotCommand } from '../bot-command.js';
import type { Precondition, RoleLevel } from '../preconditions.js';
import { statusCommand } from './status.command.js';

/** The commands every bot has; later features add theirs here. */
export function builtinCommands(deps: { status: StatusProvider; preconditions: Record<RoleLevel, Precondition> }): BotCommand[] {
  return [statusCommand({ status: deps.status, requester: deps.preconditions.requester })];
}
