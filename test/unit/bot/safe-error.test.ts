import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { safeError } from '../../../src/bot/safe-error.js';

describe('errors as logged', () => {
  it('masks the interaction token in a Discord error and leaves the request body out', () => {
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDpzZWNyZXQ';
    const err = new DiscordAPIError(
      { code: 10062, message: 'Unknown interaction' },
      10062,
      404,
      'POST',
      `https://discord.com/api/v10/interactions/1234567890123456789/${token}/callback?with_response=false`,
      { body: { type: 5, data: { content: 'private' } } },
    );
    const logged = JSON.stringify(safeError(err));
    expect(logged).not.toContain(token);
    expect(logged).not.toContain('private');
    expect(safeError(err)).toMatchObject({ status: 404, code: 10062, url: expect.stringContaining('/interactions/1234567890123456789/[token]/callback') });
  });
});
