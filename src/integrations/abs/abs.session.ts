import { IntegrationError, isIntegrationError, type HttpClient } from '../http/index.js';
import { absTokenKind, AbsUserSession, type AbsLogin, type AbsTokenKind, type AbsUserCredentials } from './abs.user-session.js';

/**
 * Credentials: a token for REST (an API key, ABS's recommendation for integrations; or a legacy user token), a
 * dedicated user's login (REST and the socket, which refuses API keys), or both (the token for REST, the user for the
 * socket).
 */
export type AbsAuth = { apiKey: string; user?: AbsUserCredentials } | AbsUserCredentials;

export type { AbsLogin, AbsTokenKind, AbsUserCredentials };

/** How live events (ABS's socket) are authenticated, or why they are off. */
export type AbsLiveEvents =
  | { mode: 'user'; username: string }
  | { mode: 'token'; kind: Exclude<AbsTokenKind, 'api-key'> }
  | { mode: 'off'; reason: string };

export const LIVE_EVENTS_OFF_REASON = 'API key only — set ABS_USERNAME/ABS_PASSWORD';

/**
 * Bearer authentication for the REST client: with a token, that token; with a user only, the user session's access
 * token, renewed once when a call gets 401 (refreshed, or logged in again).
 */
export class AbsSession {
  readonly user: AbsUserSession | undefined;
  private readonly token: string | undefined;

  constructor(
    private readonly http: HttpClient,
    auth: AbsAuth,
  ) {
    if ('apiKey' in auth) {
      this.token = auth.apiKey;
      http.setHeader('Authorization', `Bearer ${auth.apiKey}`);
      this.user = auth.user ? new AbsUserSession(http, auth.user) : undefined;
    } else {
      this.user = new AbsUserSession(http, auth);
    }
  }

  /** Whether live events are possible with these credentials (a user login, or a user token that is not an API key). */
  get liveEvents(): AbsLiveEvents {
    if (this.user) return { mode: 'user', username: this.user.username };
    const kind = absTokenKind(this.token ?? '');
    return kind === 'api-key' ? { mode: 'off', reason: LIVE_EVENTS_OFF_REASON } : { mode: 'token', kind };
  }

  get restCredential(): string {
    if (this.token === undefined) return 'user login';
    return absTokenKind(this.token) === 'api-key' ? 'API key' : 'token';
  }

  /** A token for the socket: the user's current access token, else the configured token (refused if an API key). */
  socketToken(options: { refused?: string } = {}): Promise<string> {
    if (!this.user) return Promise.resolve(this.token ?? '');
    if (options.refused !== undefined) this.user.invalidate(options.refused);
    return this.user.accessToken();
  }

  /** POST /login with the configured user; throws `auth` on bad credentials, `invalid_config` without a user. */
  login(): Promise<AbsLogin> {
    if (!this.user) {
      return Promise.reject(new IntegrationError({ service: 'audiobookshelf', operation: 'login', code: 'invalid_config', message: 'no username/password configured (an API key cannot log in)' }));
    }
    return this.user.loginUser();
  }

  readonly call: HttpClient['request'] = async (options) => {
    const user = this.token === undefined ? this.user : undefined;
    if (!user) return this.http.request(options);
    const token = await user.accessToken();
    try {
      return await this.http.request({ ...options, headers: { ...options.headers, Authorization: `Bearer ${token}` } });
    } catch (err) {
      if (!(isIntegrationError(err) && err.status === 401)) throw err;
      // Renewed once, by whichever caller saw the refusal first; the others get its token.
      user.invalidate(token);
      const fresh = await user.accessToken();
      return await this.http.request({ ...options, headers: { ...options.headers, Authorization: `Bearer ${fresh}` } });
    }
  };
}
