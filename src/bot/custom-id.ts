import { z } from 'zod';

/**
 * Custom ids of buttons and select menus: `v1:<action>:<arg>:<arg>…`, at most 100 characters (Discord's limit).
 * Versioned because a message outlives the code that posted it: a button from an older layout is answered "this
 * message is out of date" instead of being misread by today's handler.
 */
export const CUSTOM_ID_VERSION = 1;
const MAX_LENGTH = 100;

const actionSchema = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'an action is lower-case letters, digits and dashes');
const argSchema = z.string().min(1).regex(/^[^:\s]+$/, 'an argument has no colon or space');

/** Builds a current custom id; throws when a part is malformed or the whole is over Discord's 100 characters. */
export function customId(action: string, ...args: Array<string | number>): string {
  actionSchema.parse(action);
  const parts = args.map((a) => argSchema.parse(String(a)));
  const id = [`v${CUSTOM_ID_VERSION}`, action, ...parts].join(':');
  if (id.length > MAX_LENGTH) throw new Error(`custom id over ${MAX_LENGTH} characters: ${id.slice(0, 40)}…`);
  return id;
}

export type DecodedCustomId =
  | { kind: 'current'; action: string; args: string[] }
  /** Made by another version of the service (or before ids were versioned). */
  | { kind: 'outdated' }
  | { kind: 'invalid' };

const wireSchema = z
  .string()
  .max(MAX_LENGTH)
  .transform((raw) => raw.split(':'));

export function decodeCustomId(raw: string): DecodedCustomId {
  const parsed = wireSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'invalid' };
  const [version = '', action = '', ...args] = parsed.data;
  const v = /^v(\d+)$/.exec(version);
  if (!v) return actionSchema.safeParse(version).success ? { kind: 'outdated' } : { kind: 'invalid' };
  if (Number(v[1]) !== CUSTOM_ID_VERSION) return { kind: 'outdated' };
  if (!actionSchema.safeParse(action).success || args.some((a) => !argSchema.safeParse(a).success)) return { kind: 'invalid' };
  return { kind: 'current', action, args };
}
