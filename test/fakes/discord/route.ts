/** The fake's tiny routing vocabulary: a route matches method + path (relative to /api/v10) and returns a response. */
export interface RouteRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  params: string[];
}

export interface RouteResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route {
  method: string;
  pattern: RegExp;
  /** Bot-token routes; interaction callbacks and webhook routes are sent without Authorization by discord.js. */
  auth: boolean;
  handle(req: RouteRequest): RouteResponse;
}

export type Json = Record<string, unknown>;

export const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Discord's error body: discord.js needs JSON `{message, code}` or it reports "No Description". */
export function apiError(status: number, code: number, message: string, errors?: unknown): RouteResponse {
  return { status, body: { message, code, ...(errors === undefined ? {} : { errors }) } };
}

export const ok = (body: unknown): RouteResponse => ({ status: 200, body });
export const noContent = (): RouteResponse => ({ status: 204 });
