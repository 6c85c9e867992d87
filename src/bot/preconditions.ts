import { PermissionFlagsBits } from 'discord.js';

export type RoleLevel = 'requester' | 'approver' | 'admin';

/** Role ids from the configuration; a level without a role falls back as described in `createPreconditions`. */
export interface BotRoles {
  requester?: string;
  approver?: string;
  admin?: string;
}

/** Who is asking, as Discord told us in the interaction: never fetched, so checking costs no I/O. */
export interface Requester {
  userId: string;
  roleIds: readonly string[];
  /** Guild-wide permissions Discord computed for the member. */
  permissions: bigint;
  /** A role's display name when the guild is cached, else a mention Discord renders as the name. */
  roleName(roleId: string): string;
}

export type PreconditionResult = { ok: true } | { ok: false; identifier: string; message: string };

/**
 * Preconditions are synchronous on purpose: the router runs them before deferring, so they must not do I/O that could
 * push the first response past Discord's 3 s deadline.
 */
export type Precondition = (who: Requester) => PreconditionResult;

const OK: PreconditionResult = { ok: true };

// A higher level includes the lower ones: an admin may approve and request.
const SATISFIED_BY: Record<RoleLevel, RoleLevel[]> = {
  requester: ['requester', 'approver', 'admin'],
  approver: ['approver', 'admin'],
  admin: ['admin'],
};

const has = (who: Requester, bit: bigint) => (who.permissions & bit) === bit;

/**
 * The one permission check for commands, buttons and selects alike.
 * - Discord's Administrator permission passes every level (the server owner can always fix things).
 * - Without a configured requester role everyone in the guild may request.
 * - Without a configured approver or admin role, Manage Server stands in for it: approving must never be open to all.
 */
export function hasLevel(roles: BotRoles, who: Requester, level: RoleLevel): boolean {
  if (has(who, PermissionFlagsBits.Administrator)) return true;
  for (const candidate of SATISFIED_BY[level]) {
    const roleId = roles[candidate];
    if (roleId && who.roleIds.includes(roleId)) return true;
  }
  if (roles[level]) return false;
  return level === 'requester' || has(who, PermissionFlagsBits.ManageGuild);
}

export function createPreconditions(roles: BotRoles): Record<RoleLevel, Precondition> {
  const check =
    (level: RoleLevel): Precondition =>
    (who) => {
      if (hasLevel(roles, who, level)) return OK;
      const roleId = roles[level];
      const needed = roleId ? `the ${who.roleName(roleId)} role` : 'the Manage Server permission';
      return { ok: false, identifier: `missing-${level}`, message: `You need ${needed} to do this.` };
    };
  return { requester: check('requester'), approver: check('approver'), admin: check('admin') };
}

export function runPreconditions(preconditions: readonly Precondition[], who: Requester): PreconditionResult {
  for (const p of preconditions) {
    const result = p(who);
    if (!result.ok) return result;
  }
  return OK;
}
