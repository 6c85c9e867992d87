import { createSnowflakeGenerator } from './snowflake.js';

/** The guild, channel, roles and people the fake Discord serves; tests address them by key (`world.users.bob`). */
export interface FakeRole {
  id: string;
  name: string;
  /** Permission bitfield as a decimal string, as Discord sends it. */
  permissions: string;
}

export interface FakeUser {
  id: string;
  username: string;
  roleIds: string[];
}

export interface FakeWorld {
  token: string;
  applicationId: string;
  botUser: { id: string; username: string };
  guildId: string;
  channelId: string;
  roles: Record<'everyone' | 'requester' | 'approver' | 'admin', FakeRole>;
  users: Record<'owner' | 'alice' | 'bob' | 'carol' | 'dave', FakeUser>;
  nextId: () => string;
}

// Discord permission bits used here (https://discord.com/developers/docs/topics/permissions).
export const PERMISSIONS = {
  administrator: 1n << 3n,
  manageGuild: 1n << 5n,
  viewChannel: 1n << 10n,
  sendMessages: 1n << 11n,
  useApplicationCommands: 1n << 31n,
} as const;

const EVERYONE_PERMS = PERMISSIONS.viewChannel | PERMISSIONS.sendMessages | PERMISSIONS.useApplicationCommands;

/**
 * Default cast: alice is an approver, bob a requester, carol has no role, dave an admin, owner owns the guild.
 * Role names follow what an operator would create; the bot only knows their ids.
 */
export function createWorld(token: string): FakeWorld {
  const nextId = createSnowflakeGenerator();
  const guildId = nextId();
  const role = (name: string, permissions: bigint): FakeRole => ({ id: nextId(), name, permissions: String(permissions) });
  const roles = {
    everyone: { id: guildId, name: '@everyone', permissions: String(EVERYONE_PERMS) },
    requester: role('Requester', 0n),
    approver: role('Approver', 0n),
    admin: role('Shelf Admin', PERMISSIONS.manageGuild),
  };
  const user = (username: string, roleIds: string[]): FakeUser => ({ id: nextId(), username, roleIds });
  const applicationId = nextId();
  return {
    token,
    applicationId,
    botUser: { id: applicationId, username: 'shelfkeeper' },
    guildId,
    channelId: nextId(),
    roles,
    users: {
      owner: user('owner', []),
      alice: user('alice', [roles.approver.id]),
      bob: user('bob', [roles.requester.id]),
      carol: user('carol', []),
      dave: user('dave', [roles.admin.id]),
    },
    nextId,
  };
}

/** A member's effective guild-wide permissions: @everyone plus each role; Administrator implies all. */
export function memberPermissions(world: FakeWorld, user: FakeUser): bigint {
  let bits = BigInt(world.roles.everyone.permissions);
  for (const r of Object.values(world.roles)) if (user.roleIds.includes(r.id)) bits |= BigInt(r.permissions);
  if (user.id === world.users.owner.id || (bits & PERMISSIONS.administrator) !== 0n) return (1n << 53n) - 1n;
  return bits;
}
