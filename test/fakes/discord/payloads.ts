import { type FakeUser, type FakeWorld, memberPermissions } from './world.js';

/** Gateway and REST object shapes that discord.js 14.28 accepts (see shared/notes/discord-offline.md §2). */
type Json = Record<string, unknown>;

const ISO_JOINED = '2024-01-01T00:00:00.000Z';

export function apiUser(user: { id: string; username: string }, bot = false): Json {
  return { id: user.id, username: user.username, discriminator: '0', global_name: null, avatar: null, bot, flags: 0 };
}

export function apiMember(world: FakeWorld, user: FakeUser, withPermissions: boolean): Json {
  return {
    user: apiUser(user),
    roles: user.roleIds,
    joined_at: ISO_JOINED,
    nick: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    ...(withPermissions ? { permissions: String(memberPermissions(world, user)) } : {}),
  };
}

export function apiChannel(world: FakeWorld): Json {
  return {
    id: world.channelId,
    type: 0,
    guild_id: world.guildId,
    name: 'shelf-notifications',
    position: 0,
    parent_id: null,
    permission_overwrites: [],
    nsfw: false,
    rate_limit_per_user: 0,
    flags: 0,
  };
}

export function apiGuild(world: FakeWorld): Json {
  const roles = Object.values(world.roles).map((r, position) => ({
    id: r.id,
    name: r.name,
    permissions: r.permissions,
    position,
    color: 0,
    hoist: false,
    managed: false,
    mentionable: false,
    flags: 0,
  }));
  const members = Object.values(world.users).map((u) => apiMember(world, u, false));
  return {
    id: world.guildId,
    name: 'Fake Shelf Guild',
    unavailable: false,
    owner_id: world.users.owner.id,
    joined_at: ISO_JOINED,
    large: false,
    member_count: members.length,
    roles,
    channels: [apiChannel(world)],
    members,
    threads: [],
    presences: [],
    voice_states: [],
    emojis: [],
    stickers: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    features: [],
    preferred_locale: 'en-US',
    premium_tier: 0,
    afk_timeout: 300,
    system_channel_flags: 0,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
  };
}

/** A stored message, built from a create/edit body. */
export function apiMessage(world: FakeWorld, init: { id: string; body: Json; type: number; flags?: number; interaction?: Json }): Json {
  const now = new Date().toISOString();
  return {
    id: init.id,
    channel_id: world.channelId,
    guild_id: world.guildId,
    author: apiUser(world.botUser, true),
    content: typeof init.body.content === 'string' ? init.body.content : '',
    timestamp: now,
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: Array.isArray(init.body.embeds) ? init.body.embeds.map((e: Json) => ({ type: 'rich', ...e })) : [],
    components: Array.isArray(init.body.components) ? init.body.components : [],
    pinned: false,
    type: init.type,
    flags: init.flags ?? 0,
    ...(init.type === 20 ? { webhook_id: world.applicationId, application_id: world.applicationId } : {}),
    ...(init.interaction ? { interaction_metadata: init.interaction } : {}),
    ...(typeof init.body.nonce === 'string' ? { nonce: init.body.nonce } : {}),
  };
}

/** Applies an edit body to a stored message (only the parts present change), as PATCH does. */
export function editMessage(message: Json, body: Json): Json {
  const next: Json = { ...message, edited_timestamp: new Date().toISOString() };
  if ('content' in body) next.content = body.content ?? '';
  if ('embeds' in body) next.embeds = Array.isArray(body.embeds) ? body.embeds.map((e: Json) => ({ type: 'rich', ...e })) : [];
  if ('components' in body) next.components = Array.isArray(body.components) ? body.components : [];
  if (typeof body.flags === 'number') next.flags = ((message.flags as number) & ~128) | body.flags;
  else next.flags = (message.flags as number) & ~128; // an edit ends the "thinking…" state
  return next;
}

export interface InteractionInit {
  id: string;
  token: string;
  type: 2 | 3 | 4;
  user: FakeUser;
  data: Json;
  message?: Json;
}

export function apiInteraction(world: FakeWorld, init: InteractionInit): Json {
  return {
    id: init.id,
    application_id: world.applicationId,
    type: init.type,
    token: init.token,
    version: 1,
    guild_id: world.guildId,
    guild: { id: world.guildId, locale: 'en-US', features: [] },
    channel_id: world.channelId,
    channel: apiChannel(world),
    member: apiMember(world, init.user, true),
    app_permissions: String(memberPermissions(world, world.users.owner)),
    locale: 'en-US',
    guild_locale: 'en-US',
    // Both are required: discord.js indexes them unguarded in the dispatch handler.
    entitlements: [],
    authorizing_integration_owners: { '0': world.guildId },
    context: 0,
    attachment_size_limit: 26214400,
    data: init.data,
    ...(init.message ? { message: init.message } : {}),
  };
}
