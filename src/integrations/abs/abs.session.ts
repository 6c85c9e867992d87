import { IntegrationError, isIntegrationError, type HttpClient } from '../http/index.js';
import { loginSchema } from './abs.schemas.js';

/** REST credentials: an API key (recommended for REST; refused by the socket) or a user's login. */
export type AbsAuth = { apiKey: string } | { username: string; password: string };

export interface AbsLogin {
  userId: string;
  username: string;
  isAdmin: boolean;
  /** Short-lived (1 h default) access JWT: REST and socket. */
  accessToken: string;
}

/**
 * Bearer authentication for the REST client. With a login, the access token is fetched lazily and renewed once when
 * a call gets 401 (ABS access tokens expire after an hour).
 */
export class AbsSession {
  private loggingIn: Promise<AbsLogin> | undefined;
  private ready = false;

  constructor(
    private readonly http: HttpClient,
    private readonly auth: AbsAuth,
  ) {
    if ('apiKey' in auth) {
      http.setHeader('Authorization', `Bearer ${auth.apiKey}`);
      this.ready = true;
    }
  }

  /** POST /login with the configured user; throws `auth` on bad credentials. */
  login(): Promise<AbsLogin> {
    if (!('username' in this.auth)) {
      return Promise.reject(new IntegrationError({ service: 'audiobookshelf', operation: 'login', code: 'invalid_config', message: 'no username/password configured (an API key cannot log in)' }));
    }
    const { username, password } = this.auth;
    this.loggingIn ??= (async () => {
      const res = await this.http.request({
        operation: 'login',
        method: 'POST',
        url: 'login',
        data: { username, password },
        headers: { 'Content-Type': 'application/json' },
        schema: loginSchema,
      });
      const token = res.user.accessToken ?? res.user.token;
      if (!token) throw new IntegrationError({ service: 'audiobookshelf', operation: 'login', code: 'invalid_response', message: 'login answer carries no token' });
      this.http.addSecret(token);
      return { userId: res.user.id, username: res.user.username, isAdmin: res.user.type === 'root' || res.user.type === 'admin', accessToken: token };
    })().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async authenticate(): Promise<void> {
    const { accessToken } = await this.login();
    this.http.setHeader('Authorization', `Bearer ${accessToken}`);
    this.ready = true;
  }

  readonly call: HttpClient['request'] = async (options) => {
    if (!this.ready) await this.authenticate();
    try {
      return await this.http.request(options);
    } catch (err) {
      if (!(isIntegrationError(err) && err.status === 401 && 'username' in this.auth)) throw err;
      await this.authenticate();
      return await this.http.request(options);
    }
  };
}
