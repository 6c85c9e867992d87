import { type REST, type RESTPostAPIApplicationCommandsJSONBody, Routes } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';

type Json = Record<string, unknown>;

export interface RegisterCommandsOptions {
  rest: REST;
  applicationId: string;
  guildId: string;
  definitions: readonly RESTPostAPIApplicationCommandsJSONBody[];
  /** Overwrite even when Discord already has the same commands (`cli discord register`). */
  force?: boolean;
  logger: Logger;
}

// Only what the comparison reads; Discord adds ids, versions and other fields we do not send.
const registeredSchema = z.array(z.record(z.string(), z.unknown()));

/**
 * The fields that make two command definitions the same for a user. Discord fills in defaults (type 1, required
 * false, empty localisations) and may drop `contexts` for guild commands, so both sides are normalised and contexts
 * are left out: comparing them would re-register on every start.
 */
function canonical(value: unknown, key?: string): unknown {
  // Options and choices keep their order: it is what users see.
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (typeof value !== 'object' || value === null) return value;
  const src = value as Json;
  const out: Json = {};
  const keep = [
    'name', 'description', 'type', 'options', 'required', 'choices', 'value', 'min_value', 'max_value', 'min_length',
    'max_length', 'autocomplete', 'channel_types', 'default_member_permissions', 'nsfw', 'name_localizations',
    'description_localizations',
  ];
  for (const k of keep) {
    let v = src[k];
    if (k === 'type' && v === undefined && key === 'command') v = 1;
    if ((k === 'required' || k === 'autocomplete' || k === 'nsfw') && v === false) v = undefined;
    if ((k === 'name_localizations' || k === 'description_localizations') && (v === null || (typeof v === 'object' && Object.keys(v as Json).length === 0))) v = undefined;
    if (k === 'default_member_permissions' && v === null) v = undefined;
    if (k === 'options' && Array.isArray(v) && v.length === 0) v = undefined;
    if (v !== undefined) out[k] = canonical(v, k);
  }
  return out;
}

const fingerprint = (defs: readonly unknown[]) =>
  JSON.stringify(defs.map((d) => canonical(d, 'command')).sort((a, b) => String((a as Json).name).localeCompare(String((b as Json).name))));

/** Registers the guild commands only when they differ from what Discord has; returns whether it wrote them. */
export async function registerCommands(opts: RegisterCommandsOptions): Promise<{ changed: boolean }> {
  const route = Routes.applicationGuildCommands(opts.applicationId, opts.guildId);
  if (!opts.force) {
    const current = registeredSchema.parse(await opts.rest.get(route));
    if (fingerprint(current) === fingerprint(opts.definitions)) {
      opts.logger.info({ commands: current.length }, 'discord commands already up to date');
      return { changed: false };
    }
  }
  await opts.rest.put(route, { body: opts.definitions });
  opts.logger.info({ commands: opts.definitions.map((d) => d.name), forced: Boolean(opts.force) }, 'discord commands registered');
  return { changed: true };
}
