import { Client, GatewayIntentBits, type RESTOptions } from 'discord.js';

export const DEFAULT_DISCORD_API_BASE_URL = 'https://discord.com/api';

export interface DiscordClientOptions {
  /** REST base including `/api` and without the version (discord.js appends `/v10`). The gateway address comes from its /gateway/bot. */
  apiBaseUrl?: string;
  /** Extra REST options, e.g. a higher `globalRequestsPerSecond` in load tests. */
  rest?: Partial<RESTOptions>;
}

/**
 * The discord.js client with the least intents the bot needs. Interactions need no intent; `Guilds` is kept because it
 * caches the guild's roles (to name a missing role in a refusal) and channels, and costs no privileged intent.
 */
export function createDiscordClient(options: DiscordClientOptions = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { ...options.rest, api: normaliseApiBase(options.apiBaseUrl ?? DEFAULT_DISCORD_API_BASE_URL) },
    // Nothing the bot says should ping @everyone or a role by accident; commands opt in per message.
    allowedMentions: { parse: [], repliedUser: false },
  });
}

/** Accepts `https://host/api`, `https://host/api/` or `https://host/api/v10` and returns `https://host/api`. */
export function normaliseApiBase(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`Discord API base must be http(s): ${parsed.protocol}`);
  return url.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
