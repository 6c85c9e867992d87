import { describe, expect, it } from 'vitest';
import { customId, decodeCustomId } from '../../../src/bot/custom-id.js';

describe('custom ids', () => {
  it('round-trips an action and its arguments under the current version', () => {
    const id = customId('approve', '3f2a9c1e-8b7d-4e6f-9a1b-2c3d4e5f6a7b');
    expect(id).toBe('v1:approve:3f2a9c1e-8b7d-4e6f-9a1b-2c3d4e5f6a7b');
    expect(decodeCustomId(id)).toEqual({ kind: 'current', action: 'approve', args: ['3f2a9c1e-8b7d-4e6f-9a1b-2c3d4e5f6a7b'] });
    expect(decodeCustomId(customId('page', 'missing', 3))).toEqual({ kind: 'current', action: 'page', args: ['missing', '3'] });
  });

  it('tells an id of another version, or from before versions, as outdated', () => {
    expect(decodeCustomId('approve:42')).toEqual({ kind: 'outdated' });
    expect(decodeCustomId('v0:approve:42')).toEqual({ kind: 'outdated' });
    expect(decodeCustomId('v2:approve:42')).toEqual({ kind: 'outdated' });
  });

  it('refuses to build an id over 100 characters or with a colon inside an argument; reads such ids as invalid', () => {
    expect(() => customId('approve', 'x'.repeat(100))).toThrow(/over 100/);
    expect(() => customId('approve', 'a:b')).toThrow();
    expect(() => customId('Approve')).toThrow();
    expect(decodeCustomId(`v1:approve:${'x'.repeat(100)}`)).toEqual({ kind: 'invalid' });
    expect(decodeCustomId('v1:approve::')).toEqual({ kind: 'invalid' });
    expect(decodeCustomId('!!')).toEqual({ kind: 'invalid' });
  });
});
