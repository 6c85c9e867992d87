import { type Json, type Route, apiError, isObj, ok } from './route.js';
import type { FakeState } from './state.js';

/**
 * Application command registration, global and per guild. Bulk overwrite keeps the id of a command whose name is
 * unchanged (as Discord does) and bumps its version, so tests can tell a re-registration from none.
 */
function store(state: FakeState, scope: 'global' | 'guild', input: Json): Json {
  const existing = state.commands[scope].find((c) => c.name === input.name && (c.type ?? 1) === (input.type ?? 1));
  return {
    type: 1,
    default_member_permissions: null,
    nsfw: false,
    ...input,
    id: existing?.id ?? state.world.nextId(),
    application_id: state.world.applicationId,
    version: state.world.nextId(),
    ...(scope === 'guild' ? { guild_id: state.world.guildId } : {}),
  };
}

function validate(body: unknown): string | null {
  if (!Array.isArray(body)) return 'body must be an array';
  for (const c of body) {
    if (!isObj(c) || typeof c.name !== 'string' || !/^[-_\p{L}\p{N}]{1,32}$/u.test(c.name)) return 'invalid name';
    if ((c.type ?? 1) === 1 && (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100)) {
      return `${c.name}: description must be 1-100 characters`;
    }
  }
  if (body.length > 100) return 'at most 100 commands';
  return null;
}

export function commandRoutes(state: FakeState): Route[] {
  const scopeOf = (params: string[]): 'global' | 'guild' | null => {
    if (params[0] !== state.world.applicationId) return null;
    if (!params[1]) return 'global';
    return params[1] === state.world.guildId ? 'guild' : null;
  };
  const base = String.raw`^/applications/(\d+)(?:/guilds/(\d+))?/commands`;
  return [
    {
      method: 'GET',
      pattern: new RegExp(`${base}$`),
      auth: true,
      handle: ({ params }) => {
        const scope = scopeOf(params);
        return scope ? ok(state.commands[scope]) : apiError(403, 50001, 'Missing Access');
      },
    },
    {
      method: 'PUT',
      pattern: new RegExp(`${base}$`),
      auth: true,
      handle: ({ params, body }) => {
        const scope = scopeOf(params);
        if (!scope) return apiError(403, 50001, 'Missing Access');
        const problem = validate(body);
        if (problem) return apiError(400, 50035, 'Invalid Form Body', { _errors: [{ message: problem }] });
        state.commands[scope] = (body as Json[]).map((c) => store(state, scope, c));
        return ok(state.commands[scope]);
      },
    },
    {
      method: 'POST',
      pattern: new RegExp(`${base}$`),
      auth: true,
      handle: ({ params, body }) => {
        const scope = scopeOf(params);
        if (!scope) return apiError(403, 50001, 'Missing Access');
        const problem = validate([body]);
        if (problem) return apiError(400, 50035, 'Invalid Form Body', { _errors: [{ message: problem }] });
        const saved = store(state, scope, body as Json);
        state.commands[scope] = [...state.commands[scope].filter((c) => c.id !== saved.id), saved];
        return { status: 201, body: saved };
      },
    },
    {
      method: 'DELETE',
      pattern: new RegExp(`${base}/(\\d+)$`),
      auth: true,
      handle: ({ params }) => {
        const scope = scopeOf(params);
        if (!scope) return apiError(403, 50001, 'Missing Access');
        const before = state.commands[scope].length;
        state.commands[scope] = state.commands[scope].filter((c) => c.id !== params[2]);
        return before === state.commands[scope].length ? apiError(404, 10063, 'Unknown application command') : { status: 204 };
      },
    },
  ];
}
