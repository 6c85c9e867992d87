import { IntegrationError } from '../http/errors.js';

export type MamHealthStatus = 'unknown' | 'ok' | 'session_expired' | 'unreachable' | 'rate_limited';

export interface MamHealthState {
  status: MamHealthStatus;
  /** Operator-readable reason (never contains the session value). */
  message: string;
  /** When the status last changed or was confirmed (ms since epoch). */
  checkedAt: number | null;
}

/**
 * The last known state of the MAM session, for the bot's status view. Long-lived (one per process) while
 * MamClient instances are per run; the client reports every outcome here.
 */
export class MamHealth {
  private current: MamHealthState = { status: 'unknown', message: 'not checked yet', checkedAt: null };

  constructor(private readonly now: () => number = Date.now) {}

  get state(): MamHealthState {
    return { ...this.current };
  }

  recordSuccess(): void {
    this.current = { status: 'ok', message: 'session valid', checkedAt: this.now() };
  }

  recordFailure(error: unknown): void {
    if (!(error instanceof IntegrationError)) return;
    const status: MamHealthStatus | undefined =
      error.code === 'session_expired' || error.code === 'auth'
        ? 'session_expired'
        : error.code === 'rate_limited' || error.code === 'budget_exhausted'
          ? 'rate_limited'
          : error.code === 'network' || error.code === 'timeout' || error.code === 'server_error'
            ? 'unreachable'
            : undefined;
    // Other failures (a drifted row, a bad request) say nothing about the session.
    if (status) this.current = { status, message: error.reason, checkedAt: this.now() };
  }
}
