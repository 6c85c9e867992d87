import { IntegrationError, isIntegrationError, type HttpClient } from '../http/index.js';
import { loginSchema } from './abs.schemas.js';

export interface AbsUserCredentials {
  username: string;
  password: string;
}

export interface AbsLogin {
  userId: string;
  username: string;
  isAdmin: boolean;
  /** Short-lived (1 h default, ABS `ACCESS_TOKEN_EXPIRY`) access JWT: REST and socket. */
  accessToken: string;
}

/** Which kind of ABS token a string is, read from its JWT payload (not verified: only ABS can do that). */
export type AbsTokenKind = 'api-key' | 'access' | 'legacy' | 'refresh' | 'unknown';

export function absTokenKind(token: string): AbsTokenKind {
  const payload = jwtPayload(token);
  if (!payload) return 'unknown';
  if (payload.type === 'api') return 'api-key';
  if (payload.type === 'access') return 'access';
  if (payload.type === 'refresh') return 'refresh';
  // ABS's tokens from before 2.26: a user id and no expiry (TokenManager keeps accepting them).
  if (payload.type === undefined && typeof payload.userId === 'string' && payload.exp === undefined) return 'legacy';
  return 'unknown';
}

function jwtPayload(token: string): { type?: unknown; userId?: unknown; exp?: unknown } | undefined {
  const part = token.split('.')[1];
  if (!part) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' ? (value as { type?: unknown; userId?: unknown; exp?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

/** When a JWT expires and how long it was issued for (ms), or undefined when it says nothing. */
function lifetime(token: string): { expiresAtMs: number; lifetimeMs: number | undefined } | undefined {
  const payload = jwtPayload(token) as { exp?: unknown; iat?: unknown } | undefined;
  const exp = payload?.exp;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return undefined;
  const iat = payload?.iat;
  return { expiresAtMs: exp * 1000, lifetimeMs: typeof iat === 'number' && iat < exp ? (exp - iat) * 1000 : undefined };
}

/**
 * A dedicated ABS user's session (ABS 2.26+ `server/Auth.js`): `POST /login` with `x-return-tokens: true` answers an
 * access token and a refresh token; `POST /auth/refresh` with `x-refresh-token` rotates both. The access token is
 * renewed ahead of its expiry (read from the JWT) and whenever ABS refuses it; a refused refresh token (expired,
 * session revoked) means logging in again. Both tokens live in memory only and are registered as secrets of the
 * HTTP client, so no log line or error can carry them.
 */
export class AbsUserSession {
  private access: { token: string; renewAtMs: number | undefined } | undefined;
  private refreshToken: string | undefined;
  private pending: Promise<string> | undefined;
  private last: AbsLogin | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly credentials: AbsUserCredentials,
    private readonly options: { now?: () => number; renewAheadMs?: number } = {},
  ) {}

  get username(): string {
    return this.credentials.username;
  }

  /** The user as ABS last described it (after the first login or refresh). */
  get user(): AbsLogin | undefined {
    return this.last;
  }

  /**
   * A valid access token: the current one, or a renewed one once it is within `renewAheadMs` (1 min, at most a fifth
   * of its lifetime) of its expiry.
   */
  accessToken(): Promise<string> {
    const now = this.options.now?.() ?? Date.now();
    const a = this.access;
    if (a && (a.renewAtMs === undefined || now < a.renewAtMs)) return Promise.resolve(a.token);
    return this.renew();
  }

  /**
   * A new access token, whatever the state of the current one (ABS refused it): refreshed with the refresh token,
   * or by logging in again when there is none or ABS refuses it. Concurrent callers share one renewal.
   */
  renew(): Promise<string> {
    this.pending ??= (async () => {
      if (this.refreshToken) {
        try {
          return await this.refresh(this.refreshToken);
        } catch (err) {
          if (!(isIntegrationError(err) && (err.status === 401 || err.status === 403))) throw err;
          this.refreshToken = undefined;
        }
      }
      return await this.login();
    })().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forgets the current access token (ABS refused it); the next accessToken() renews. */
  invalidate(token: string): void {
    if (this.access?.token === token) this.access = undefined;
  }

  /** POST /login; `auth` error on bad credentials. */
  async loginUser(): Promise<AbsLogin> {
    await this.login();
    return this.last!;
  }

  private async login(): Promise<string> {
    const { username, password } = this.credentials;
    const res = await this.http.request({
      operation: 'login',
      method: 'POST',
      url: 'login',
      data: { username, password },
      headers: { 'Content-Type': 'application/json', 'x-return-tokens': 'true' },
      // A login creates a session in ABS: never sent twice for one attempt.
      idempotent: false,
      schema: loginSchema,
    });
    return this.accept(res.user, 'login');
  }

  private async refresh(refreshToken: string): Promise<string> {
    const res = await this.http.request({
      operation: 'refreshToken',
      method: 'POST',
      url: 'auth/refresh',
      headers: { 'x-refresh-token': refreshToken },
      idempotent: false,
      schema: loginSchema,
    });
    return this.accept(res.user, 'refreshToken');
  }

  private accept(user: { id: string; username: string; type: string; token?: string | undefined; accessToken?: string | undefined; refreshToken?: string | null | undefined }, operation: string): string {
    const token = user.accessToken ?? user.token;
    if (!token) throw new IntegrationError({ service: 'audiobookshelf', operation, code: 'invalid_response', message: 'the answer carries no access token' });
    this.http.addSecret(token);
    if (user.refreshToken) {
      this.http.addSecret(user.refreshToken);
      this.refreshToken = user.refreshToken;
    }
    const life = lifetime(token);
    const ahead = Math.min(this.options.renewAheadMs ?? 60_000, (life?.lifetimeMs ?? Infinity) / 5);
    this.access = { token, renewAtMs: life ? life.expiresAtMs - ahead : undefined };
    this.last = { userId: user.id, username: user.username, isAdmin: user.type === 'root' || user.type === 'admin', accessToken: token };
    return token;
  }
}
