import { validateMessageBody } from './limits.js';
import { apiChannel, apiMessage, apiUser } from './payloads.js';
import { type Json, type Route, apiError, isObj, noContent, ok } from './route.js';
import type { FakeState } from './state.js';

/** Discord de-duplicates `enforce_nonce` messages by nonce "in the past few minutes". */
const NONCE_WINDOW_MS = 5 * 60_000;

/** Channel messages, the channel itself, users and the gateway address. */
export function channelRoutes(state: FakeState, gatewayUrl: () => string): Route[] {
  const { world } = state;
  const channelOk = (id: string | undefined) => id === world.channelId;
  return [
    {
      method: 'GET',
      pattern: /^\/gateway\/bot$/,
      auth: true,
      handle: () =>
        ok({ url: gatewayUrl(), shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 } }),
    },
    { method: 'GET', pattern: /^\/gateway$/, auth: false, handle: () => ok({ url: gatewayUrl() }) },
    { method: 'GET', pattern: /^\/users\/@me$/, auth: true, handle: () => ok(apiUser(world.botUser, true)) },
    {
      method: 'GET',
      pattern: /^\/applications\/@me$/,
      auth: true,
      handle: () => ok({ id: world.applicationId, name: 'shelfkeeper', flags: 0, bot_public: false, owner: apiUser(world.users.owner) }),
    },
    {
      method: 'GET',
      pattern: /^\/users\/(\d+)$/,
      auth: true,
      handle: ({ params }) => {
        const user = Object.values(world.users).find((u) => u.id === params[0]);
        return user ? ok(apiUser(user)) : apiError(404, 10013, 'Unknown User');
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)$/,
      auth: true,
      handle: ({ params }) => (channelOk(params[0]) ? ok(apiChannel(world)) : apiError(404, 10003, 'Unknown Channel')),
    },
    {
      method: 'POST',
      pattern: /^\/channels\/(\d+)\/messages$/,
      auth: true,
      handle: ({ params, body }) => {
        if (!channelOk(params[0])) return apiError(404, 10003, 'Unknown Channel');
        const v = validateMessageBody(body, true);
        if (v) return apiError(400, v.code, v.message, v.errors.length ? { _errors: v.errors.map((message) => ({ message })) } : undefined);
        const b = body as Json;
        const nonce = typeof b.nonce === 'string' || typeof b.nonce === 'number' ? String(b.nonce) : undefined;
        if (nonce && b.enforce_nonce === true) {
          const seen = state.nonces.get(nonce);
          if (seen && Date.now() - seen.at < NONCE_WINDOW_MS && state.messages.has(seen.messageId)) {
            return ok(state.messages.get(seen.messageId));
          }
        }
        const message = apiMessage(world, { id: world.nextId(), body: b, type: 0 });
        state.messages.set(message.id as string, message);
        state.channelMessageIds.push(message.id as string);
        if (nonce) state.nonces.set(nonce, { messageId: message.id as string, at: Date.now() });
        return ok(message);
      },
    },
    {
      method: 'GET',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      auth: true,
      handle: ({ params }) => {
        const message = channelOk(params[0]) ? state.messages.get(params[1] ?? '') : undefined;
        return message ? ok(message) : apiError(404, 10008, 'Unknown Message');
      },
    },
    {
      method: 'PATCH',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      auth: true,
      handle: ({ params, body }) => {
        const message = channelOk(params[0]) ? state.messages.get(params[1] ?? '') : undefined;
        if (!message) return apiError(404, 10008, 'Unknown Message');
        const v = validateMessageBody(body, false);
        if (v) return apiError(400, v.code, v.message);
        const next: Json = { ...message, edited_timestamp: new Date().toISOString() };
        if (isObj(body)) for (const key of ['content', 'embeds', 'components'] as const) if (key in body) next[key] = body[key];
        state.messages.set(next.id as string, next);
        return ok(next);
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/channels\/(\d+)\/messages\/(\d+)$/,
      auth: true,
      handle: ({ params }) => {
        if (!channelOk(params[0]) || !state.messages.delete(params[1] ?? '')) return apiError(404, 10008, 'Unknown Message');
        state.channelMessageIds = state.channelMessageIds.filter((id) => id !== params[1]);
        return noContent();
      },
    },
  ];
}
