import { randomBytes, randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { FakeUser } from './abs.model.js';

type TokenKind = 'access' | 'legacy' | 'refresh' | 'apiKey';
interface TokenRecord {
  kind: TokenKind;
  userId: string;
  expired: boolean;
  /** ms since the epoch; access and refresh tokens only. */
  expiresAt?: number;
}

/** The JWT payload ABS signs for each kind (auth/TokenManager.js, models/ApiKey.js); the legacy token has no type or exp. */
const JWT_TYPE: Record<TokenKind, string | undefined> = { access: 'access', refresh: 'refresh', legacy: undefined, apiKey: 'api' };

/**
 * The four ABS credential kinds (contracts §2.2): access token (1 h, `ACCESS_TOKEN_EXPIRY`), refresh token (only for
 * /auth/refresh; rotated by it), legacy user token (no expiry) and API key (REST only; the socket refuses it). Tokens
 * are JWT-shaped like ABS's (a readable payload with type, userId and exp) but signed with nothing.
 */
export class AbsAuth {
  private readonly tokens = new Map<string, TokenRecord>();
  /** ABS's ACCESS_TOKEN_EXPIRY (1 h), in ms. */
  accessTokenTtlMs = 60 * 60_000;
  refreshTokenTtlMs = 30 * 24 * 60 * 60_000;
  /** Every refresh and login, for tests counting renewals. */
  readonly issued: Array<{ kind: TokenKind; at: number }> = [];

  issue(kind: TokenKind, user: FakeUser): string {
    const ttl = kind === 'access' ? this.accessTokenTtlMs : kind === 'refresh' ? this.refreshTokenTtlMs : undefined;
    const now = Date.now();
    const payload = {
      userId: user.id,
      username: user.username,
      ...(JWT_TYPE[kind] ? { type: JWT_TYPE[kind] } : {}),
      jti: randomUUID(),
      iat: Math.floor(now / 1000),
      ...(ttl !== undefined ? { exp: Math.floor((now + ttl) / 1000) } : {}),
    };
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const token = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}.${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, { kind, userId: user.id, expired: false, ...(ttl !== undefined ? { expiresAt: now + ttl } : {}) });
    this.issued.push({ kind, at: now });
    return token;
  }

  private live(token: string | undefined): TokenRecord | undefined {
    const rec = token ? this.tokens.get(token) : undefined;
    if (!rec || rec.expired || (rec.expiresAt !== undefined && rec.expiresAt <= Date.now())) return undefined;
    return rec;
  }

  /** The user a REST bearer token belongs to, or undefined (missing, unknown, expired, or a refresh token). */
  restUser(token: string | undefined): string | undefined {
    const rec = this.live(token);
    return rec && rec.kind !== 'refresh' ? rec.userId : undefined;
  }

  /** The socket accepts user JWTs only: API keys have no userId there (`auth_failed`). */
  socketUser(token: unknown): string | undefined {
    const rec = typeof token === 'string' ? this.live(token) : undefined;
    return rec && (rec.kind === 'access' || rec.kind === 'legacy') ? rec.userId : undefined;
  }

  /** A valid refresh token's user; the token is rotated (used up) by the refresh. */
  refreshUser(token: string | undefined): string | undefined {
    const rec = this.live(token);
    if (!rec || rec.kind !== 'refresh') return undefined;
    rec.expired = true;
    return rec.userId;
  }

  /** Simulates the 1 h access-token expiry (or a revoked session, for refresh tokens). */
  expire(kind: TokenKind = 'access'): void {
    for (const rec of this.tokens.values()) if (rec.kind === kind) rec.expired = true;
  }
}

export function bearer(req: Request): string | undefined {
  const header = req.headers.authorization;
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim();
  const q = req.query.token;
  return typeof q === 'string' ? q : undefined;
}

export function requireUser(auth: AbsAuth, users: Map<string, FakeUser>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const userId = auth.restUser(bearer(req));
    const user = userId ? users.get(userId) : undefined;
    if (!user) {
      res.status(401).type('text/plain').send('Unauthorized');
      return;
    }
    res.locals.user = user;
    next();
  };
}

export const isAdmin = (user: FakeUser) => user.type === 'root' || user.type === 'admin';

export function newUser(username: string, password: string, type: FakeUser['type'] = 'root', canUpdate = true): FakeUser {
  return { id: randomUUID(), username, password, type, canUpdate };
}

export function userJson(user: FakeUser, tokens: { token: string; accessToken: string; refreshToken: string | null }) {
  return {
    id: user.id,
    username: user.username,
    email: null,
    type: user.type,
    token: tokens.token,
    mediaProgress: [],
    seriesHideFromContinueListening: [],
    bookmarks: [],
    isActive: true,
    isLocked: false,
    lastSeen: null,
    createdAt: 1_795_248_297_980,
    permissions: {
      download: true,
      update: user.canUpdate,
      delete: isAdmin(user),
      upload: true,
      accessAllLibraries: true,
      accessAllTags: true,
      accessExplicitContent: true,
    },
    librariesAccessible: [],
    itemTagsSelected: [],
    hasOpenIDLink: false,
    refreshToken: tokens.refreshToken,
    accessToken: tokens.accessToken,
  };
}
