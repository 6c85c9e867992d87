import { validateMessageBody } from './limits.js';
import { apiMessage, apiUser, editMessage } from './payloads.js';
import { type Json, type Route, type RouteResponse, apiError, isObj, noContent, ok } from './route.js';
import type { FakeState, InteractionRecord } from './state.js';

const EPHEMERAL = 64;
const LOADING = 128;

function invalid(v: NonNullable<ReturnType<typeof validateMessageBody>>): RouteResponse {
  return apiError(400, v.code, v.message, v.errors.length ? { _errors: v.errors.map((message) => ({ message })) } : undefined);
}

/**
 * Interaction callbacks (POST /interactions/:id/:token/callback) with Discord's two traps: a first response later than
 * the deadline is 10062 Unknown interaction, and a second one is 40060 already acknowledged.
 */
function callback(state: FakeState, rec: InteractionRecord, type: number, data: Json, withResponse: boolean): RouteResponse {
  const { world } = state;
  const flags = typeof data.flags === 'number' ? data.flags : 0;
  const meta = { id: rec.id, type: rec.type, user: apiUser(world.users.owner), authorizing_integration_owners: { '0': world.guildId } };
  const newOriginal = (body: Json, f: number): Json => {
    const message = apiMessage(world, { id: world.nextId(), body, type: 20, flags: f, interaction: meta });
    state.messages.set(message.id as string, message);
    rec.originalMessageId = message.id as string;
    return message;
  };
  let message: Json | undefined;
  switch (type) {
    case 4: {
      const v = validateMessageBody(data, true);
      if (v) return invalid(v);
      message = newOriginal(data, flags & EPHEMERAL);
      break;
    }
    case 5:
      message = newOriginal({}, LOADING | (flags & EPHEMERAL));
      break;
    case 6:
    case 7: {
      if (rec.type !== 3 || !rec.componentMessageId) return apiError(400, 50035, 'Invalid Form Body', { type: 'not a component interaction' });
      const current = state.messages.get(rec.componentMessageId);
      if (!current) return apiError(404, 10008, 'Unknown Message');
      if (type === 7) {
        const v = validateMessageBody(data, false);
        if (v) return invalid(v);
        state.messages.set(rec.componentMessageId, editMessage(current, data));
      }
      rec.originalMessageId = rec.componentMessageId;
      message = state.messages.get(rec.componentMessageId);
      break;
    }
    case 8: {
      const choices = Array.isArray(data.choices) ? data.choices : [];
      if (rec.type !== 4 || choices.length > 25) return apiError(400, 50035, 'Invalid Form Body', { choices: 'at most 25' });
      break;
    }
    case 9:
      break;
    default:
      return apiError(400, 50035, 'Invalid Form Body', { type: `unknown callback type ${type}` });
  }
  rec.firstCallback = { type, body: data, at: Date.now() };
  if (!withResponse) return noContent();
  return ok({
    interaction: { id: rec.id, type: rec.type, response_message_id: message?.id, response_message_loading: type === 5, response_message_ephemeral: (flags & EPHEMERAL) !== 0 },
    resource: { type, ...(message ? { message } : {}) },
  });
}

export function interactionRoutes(state: FakeState): Route[] {
  const byToken = (token: string | undefined) => [...state.interactions.values()].find((r) => r.token === token);
  const original = (rec: InteractionRecord | undefined): Json | undefined =>
    rec?.originalMessageId ? state.messages.get(rec.originalMessageId) : undefined;
  const messageOf = (rec: InteractionRecord | undefined, which: string | undefined): Json | undefined =>
    which === '@original' ? original(rec) : which ? state.messages.get(which) : undefined;
  const webhook = String.raw`^/webhooks/(\d+)/([^/]+)`;

  return [
    {
      method: 'POST',
      pattern: /^\/interactions\/(\d+)\/([^/]+)\/callback$/,
      auth: false,
      handle: ({ params, body, query }) => {
        const rec = state.interactions.get(params[0] ?? '');
        const attempt = (status: number, code?: number) =>
          rec?.callbackAttempts.push({ type: isObj(body) ? Number(body.type) : 0, status, at: Date.now(), ...(code ? { code } : {}) });
        if (!rec || rec.token !== params[1]) return apiError(404, 10062, 'Unknown interaction');
        if (rec.firstCallback) {
          attempt(400, 40060);
          return apiError(400, 40060, 'Interaction has already been acknowledged.');
        }
        if (Date.now() - rec.dispatchedAt > state.deadlineMs) {
          attempt(404, 10062);
          return apiError(404, 10062, 'Unknown interaction');
        }
        if (!isObj(body)) return apiError(400, 50035, 'Invalid Form Body');
        const res = callback(state, rec, Number(body.type), isObj(body.data) ? body.data : {}, query.with_response === 'true');
        attempt(res.status, isObj(res.body) ? (res.body.code as number | undefined) : undefined);
        return res;
      },
    },
    {
      method: 'GET',
      pattern: new RegExp(`${webhook}/messages/([^/]+)$`),
      auth: false,
      handle: ({ params }) => {
        const message = messageOf(byToken(params[1]), params[2]);
        return message ? ok(message) : apiError(404, 10008, 'Unknown Message');
      },
    },
    {
      method: 'PATCH',
      pattern: new RegExp(`${webhook}/messages/([^/]+)$`),
      auth: false,
      handle: ({ params, body }) => {
        const rec = byToken(params[1]);
        if (!rec) return apiError(404, 10015, 'Unknown Webhook');
        const message = messageOf(rec, params[2]);
        if (!message) return apiError(404, 10008, 'Unknown Message');
        const v = validateMessageBody(body, false);
        if (v) return invalid(v);
        const next = editMessage(message, body as Json);
        state.messages.set(next.id as string, next);
        return ok(next);
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`${webhook}/messages/([^/]+)$`),
      auth: false,
      handle: ({ params }) => {
        const message = messageOf(byToken(params[1]), params[2]);
        if (!message) return apiError(404, 10008, 'Unknown Message');
        state.messages.delete(message.id as string);
        return noContent();
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`${webhook}$`),
      auth: false,
      handle: ({ params, body }) => {
        const rec = byToken(params[1]);
        if (!rec) return apiError(404, 10015, 'Unknown Webhook');
        if (!rec.firstCallback) return apiError(404, 10015, 'Unknown Webhook'); // follow-ups need an acknowledged interaction
        const v = validateMessageBody(body, true);
        if (v) return invalid(v);
        const b = body as Json;
        const flags = typeof b.flags === 'number' ? b.flags & EPHEMERAL : 0;
        const message = apiMessage(state.world, { id: state.world.nextId(), body: b, type: 0, flags });
        state.messages.set(message.id as string, message);
        rec.followUpIds.push(message.id as string);
        return ok(message);
      },
    },
  ];
}
