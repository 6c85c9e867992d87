import { DiscordAPIError, HTTPError } from 'discord.js';

// Interaction and webhook tokens sit in the URL path; with one, anyone can edit the bot's reply for 15 minutes.
const TOKEN_IN_PATH = /\/(webhooks|interactions)\/(\d+)\/[^/?\s]+/g;

export const maskTokens = (text: string) => text.replace(TOKEN_IN_PATH, '/$1/$2/[token]');

/**
 * An error as it may be logged: discord.js errors carry the request URL (with the interaction token) and the request
 * body, so only their status, code, method, masked URL and message are kept.
 */
export function safeError(err: unknown): Record<string, unknown> {
  if (err instanceof DiscordAPIError || err instanceof HTTPError) {
    return {
      type: err.name,
      status: err.status,
      ...(err instanceof DiscordAPIError ? { code: err.code } : {}),
      method: err.method,
      url: maskTokens(err.url),
      message: maskTokens(err.message),
    };
  }
  if (err instanceof Error) {
    return { type: err.name, message: maskTokens(err.message), ...(err.stack ? { stack: maskTokens(err.stack) } : {}) };
  }
  return { message: maskTokens(String(err)) };
}
