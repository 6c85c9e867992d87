import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { StatusProvider } from '../../core/status/status-report.js';
import type { BotCommand } from '../bot-command.js';
import type { Precondition } from '../preconditions.js';
import { renderStatusEmbed } from '../status-embed.js';

/** What Discord is told about /status (registration needs nothing else). */
export const statusDefinition = new SlashCommandBuilder()
  .setName('status')
  .setDescription('Show the health of shelfkeeper, its integrations and scheduled jobs')
  .setDefaultMemberPermissions(PermissionFlagsBits.UseApplicationCommands)
  .setContexts(InteractionContextType.Guild);

/** /status: database, job store, integrations and scheduled jobs in one embed, visible to the requester only. */
export function statusCommand(deps: { status: StatusProvider; requester: Precondition }): BotCommand {
  return {
    data: statusDefinition,
    preconditions: [deps.requester],
    ephemeral: true,
    async execute() {
      const report = await deps.status();
      return { embeds: [renderStatusEmbed(report)] };
    },
  };
}
