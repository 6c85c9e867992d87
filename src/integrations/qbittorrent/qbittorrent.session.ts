import { IntegrationError, isIntegrationError, type HttpClient } from '../http/index.js';
import { versionTextSchema } from './qbittorrent.schemas.js';
import type { QbtVersionInfo } from './qbittorrent.types.js';

const SERVICE = 'qbittorrent';
/** 4.x–5.1 name the cookie `SID`; 5.2 names it `QBT_SID_<webui port>` and looks it up by that exact name. */
const SESSION_COOKIE = /^(SID|QBT_SID_\d+)=([^;]*)/;

function compareVersions(a: string, b: string): number {
  const pa = a.replace(/^v/, '').split('.').map(Number);
  const pb = b.replace(/^v/, '').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export function versionInfo(app: string, webApi: string): QbtVersionInfo {
  return { app, webApi, usesStopStart: compareVersions(webApi, '2.11') >= 0, jsonAddReply: compareVersions(webApi, '2.14') >= 0 };
}

/**
 * The WebUI session: logs in (any 2xx; 4.x/5.1 say `Ok.`/`Fails.` in a 200, 5.2 says 204/401), keeps the session
 * cookie whatever its name, detects the API version once, and re-logs in exactly once when a call gets 403
 * (the session timed out or qBittorrent restarted).
 */
export class QbittorrentSession {
  private loggingIn: Promise<void> | undefined;
  private loggedIn = false;
  private version: QbtVersionInfo | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly username: string,
    private readonly password: string,
  ) {}

  login(): Promise<void> {
    this.loggingIn ??= this.doLogin().finally(() => (this.loggingIn = undefined));
    return this.loggingIn;
  }

  private async doLogin(): Promise<void> {
    this.loggedIn = false;
    this.http.setHeader('Cookie', undefined);
    let res;
    try {
      res = await this.http.send({
        operation: 'login',
        method: 'POST',
        url: 'api/v2/auth/login',
        data: new URLSearchParams({ username: this.username, password: this.password }),
        responseType: 'text',
        // Repeating a login is harmless; it lets a transient 5xx or reset be retried.
        idempotent: true,
      });
    } catch (err) {
      if (isIntegrationError(err) && err.status === 401) throw authError('bad username or password', 401);
      if (isIntegrationError(err) && err.status === 403) throw authError('this IP is banned after too many failed logins', 403);
      throw err;
    }
    if (res.data.trim() === 'Fails.') throw authError('bad username or password', res.status);
    const cookie = sessionCookie(res.headers['set-cookie']);
    if (cookie) {
      this.http.addSecret(cookie.value);
      this.http.setHeader('Cookie', `${cookie.name}=${cookie.value}`);
    }
    this.loggedIn = true;
  }

  /** App and Web API versions, fetched once per client. */
  async versionInfo(): Promise<QbtVersionInfo> {
    if (this.version) return this.version;
    const [app, webApi] = await Promise.all([
      this.call({ operation: 'appVersion', url: 'api/v2/app/version', responseType: 'text' as const }),
      this.call({ operation: 'webApiVersion', url: 'api/v2/app/webapiVersion', responseType: 'text' as const }),
    ]);
    this.version = versionInfo(parseVersion(app, 'appVersion'), parseVersion(webApi, 'webApiVersion'));
    return this.version;
  }

  /** A request with the session; on 403 logs in again and repeats it once. */
  readonly call: HttpClient['request'] = async (options) => {
    if (!this.loggedIn) await this.login();
    try {
      return await this.http.request(options);
    } catch (err) {
      if (!(isIntegrationError(err) && err.status === 403)) throw err;
      await this.login();
      try {
        return await this.http.request(options);
      } catch (again) {
        if (isIntegrationError(again) && again.status === 403) {
          throw again.with({ code: 'session_expired', message: 'still 403 after logging in again', retryable: false });
        }
        throw again;
      }
    }
  };
}

function sessionCookie(header: string | string[] | undefined): { name: string; value: string } | undefined {
  for (const line of Array.isArray(header) ? header : header ? [header] : []) {
    const m = SESSION_COOKIE.exec(line.trim());
    if (m && m[2]) return { name: m[1]!, value: m[2] };
  }
  return undefined;
}

function parseVersion(raw: unknown, operation: string): string {
  const parsed = versionTextSchema.safeParse(raw);
  if (!parsed.success) {
    throw new IntegrationError({ service: SERVICE, operation, code: 'invalid_response', message: 'version text not understood' });
  }
  return parsed.data.trim();
}

function authError(reason: string, status: number): IntegrationError {
  return new IntegrationError({ service: SERVICE, operation: 'login', code: 'auth', status, message: reason, retryable: false });
}
