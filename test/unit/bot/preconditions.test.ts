import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { type Requester, createPreconditions, hasLevel } from '../../../src/bot/preconditions.js';

const roles = { requester: 'R', approver: 'A', admin: 'X' };
const names: Record<string, string> = { R: 'Requester', A: 'Approver', X: 'Shelf Admin' };
const who = (roleIds: string[], permissions = 0n): Requester => ({ userId: 'u', roleIds, permissions, roleName: (id) => names[id] ?? id });

describe('role preconditions', () => {
  it('given roles at each level, then higher levels include the lower ones', () => {
    expect(hasLevel(roles, who(['R']), 'requester')).toBe(true);
    expect(hasLevel(roles, who(['R']), 'approver')).toBe(false);
    expect(hasLevel(roles, who(['A']), 'requester')).toBe(true);
    expect(hasLevel(roles, who(['A']), 'admin')).toBe(false);
    expect(hasLevel(roles, who(['X']), 'approver')).toBe(true);
    expect(hasLevel(roles, who([]), 'requester')).toBe(false);
  });

  it('given the Administrator permission, then every level passes', () => {
    expect(hasLevel(roles, who([], PermissionFlagsBits.Administrator), 'admin')).toBe(true);
  });

  it('given Manage Server but a configured approver role, then approving still needs the role', () => {
    expect(hasLevel(roles, who([], PermissionFlagsBits.ManageGuild), 'approver')).toBe(false);
  });

  it('given no roles configured, then anyone may request and Manage Server stands in for approver and admin', () => {
    expect(hasLevel({}, who([]), 'requester')).toBe(true);
    expect(hasLevel({}, who([]), 'approver')).toBe(false);
    expect(hasLevel({}, who([], PermissionFlagsBits.ManageGuild), 'approver')).toBe(true);
    expect(hasLevel({}, who([], PermissionFlagsBits.ManageGuild), 'admin')).toBe(true);
  });

  it('refuses with a message naming the missing role, or the permission when no role is configured', () => {
    expect(createPreconditions(roles).approver(who(['R']))).toEqual({
      ok: false,
      identifier: 'missing-approver',
      message: 'You need the Approver role to do this.',
    });
    expect(createPreconditions({}).admin(who([]))).toMatchObject({ ok: false, message: 'You need the Manage Server permission to do this.' });
  });
});
