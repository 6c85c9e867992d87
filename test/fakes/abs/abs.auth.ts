import { randomBytes, randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { FakeUser } from './abs.model.js';

type TokenKind = 'access' | 'legacy' | 'refresh' | 'apiKey';
interface TokenRecord {
  kind: TokenKind;
  userId: string;
  expired: boolean;
}

/**
 * The four ABS credential kinds (contracts §2.2): access token (1 h), refresh token (only for /auth/refresh), legacy
 * user token (no expiry) and API key (REST only; the socket refuses it). Tokens are opaque strings here.
 */
export class AbsAuth {
  private readonly tokens = new Map<string, TokenRecord>();

  issue(kind: TokenKind, user: FakeUser): string {
    const token = `${kind}.${randomBytes(18).toString('base64url')}`;
    this.tokens.set(token, { kind, userId: user.id, expired: false });
    return token;
  }

  /** The user a REST bearer token belongs to, or undefined (missing, unknown, expired, or a refresh token). */
  restUser(token: string | undefined): string | undefined {
    const rec = token ? this.tokens.get(token) : undefined;
    if (!rec || rec.expired || rec.kind === 'refresh') return undefined;
    return rec.userId;
  }

  /** The socket accepts user JWTs only: API keys have no userId there (`auth_failed`). */
  socketUser(token: unknown): string | undefined {
    const rec = typeof token === 'string' ? this.tokens.get(token) : undefined;
    if (!rec || rec.expired || (rec.kind !== 'access' && rec.kind !== 'legacy')) return undefined;
    return rec.userId;
  }

  refreshUser(token: string | undefined): string | undefined {
    const rec = token ? this.tokens.get(token) : undefined;
    return rec && rec.kind === 'refresh' && !rec.expired ? rec.userId : undefined;
  }

  /** Simulates the 1 h access-token expiry. */
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
