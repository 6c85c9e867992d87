import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import type { QbtVersion } from './qbittorrent.torrents.js';

/** WebUI sessions: cookie SID (≤5.1) or QBT_SID_<port> (5.2), sliding expiry, brute-force ban after N failures. */
export class QbtSessions {
  private readonly sids = new Set<string>();
  failures = 0;
  maxFailures = 5;

  constructor(
    private readonly version: QbtVersion,
    readonly username: string,
    private readonly password: string,
  ) {}

  cookieName(port: number): string {
    return this.version === '5.2' ? `QBT_SID_${port}` : 'SID';
  }

  get banned(): boolean {
    return this.failures >= this.maxFailures;
  }

  check(username: string | undefined, password: string | undefined): boolean {
    if (username === this.username && password === this.password) return true;
    this.failures += 1;
    return false;
  }

  create(): string {
    const sid = randomBytes(24).toString('base64').replace(/[+/=]/g, '').slice(0, 32);
    this.sids.add(sid);
    return sid;
  }

  /** The session id of the request, if valid; only the exact configured cookie name counts. */
  current(req: Request, port: number): string | undefined {
    const name = this.cookieName(port);
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === name && this.sids.has(v.join('='))) return v.join('=');
    }
    return undefined;
  }

  end(sid: string): void {
    this.sids.delete(sid);
  }

  /** The WebUI session timeout (default 3600 s of inactivity) elapsing for everyone. */
  expireAll(): void {
    this.sids.clear();
  }
}
