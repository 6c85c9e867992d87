import type { Logger } from 'pino';
import { backoffDelay, type BackoffPolicy } from '../core/backoff.js';
import type { EmbeddedPostgresHandle } from './embedded-postgres.js';

export interface Liveness {
  ok: boolean;
  /** Why the process cannot work, when it cannot. */
  reason?: string;
}

export interface EmbeddedPostgresWatch {
  liveness(): Liveness;
  stop(): void;
}

export interface WatchOptions {
  checkEveryMs?: number;
  /** Restarts allowed within `windowMs`; one more death past them is fatal. */
  maxRestarts?: number;
  windowMs?: number;
  backoff?: BackoffPolicy;
}

/**
 * The service owns the embedded PostgreSQL: its postmaster is checked every second; when it is gone it is started again
 * (with backoff, at most `maxRestarts` times an hour), and when it cannot be, `onFatal` is called so the service exits
 * non-zero and its supervisor restarts it. Meanwhile liveness (GET /health) says the service cannot work.
 */
export function watchEmbeddedPostgres(
  server: Pick<EmbeddedPostgresHandle, 'pid' | 'isRunning' | 'restart'>,
  logger: Logger,
  onFatal: (error: Error) => void,
  opts: WatchOptions = {},
): EmbeddedPostgresWatch {
  const maxRestarts = opts.maxRestarts ?? 3;
  const windowMs = opts.windowMs ?? 60 * 60_000;
  const backoff = opts.backoff ?? { baseMs: 1_000, maxMs: 10_000, jitter: 'none' };
  let state: Liveness = { ok: true };
  let stopped = false;
  let recovering = false;
  const restarts: number[] = [];

  const fatal = (reason: string) => {
    state = { ok: false, reason };
    clearInterval(timer);
    logger.fatal({ reason }, 'the embedded PostgreSQL cannot be restarted: exiting so that a supervisor restarts the service');
    onFatal(new Error(reason));
  };

  const recover = async () => {
    recovering = true;
    const died = server.pid;
    logger.error({ pid: died }, 'the embedded PostgreSQL exited unexpectedly; restarting it');
    let lastError = 'no attempt left';
    for (let attempt = 1; !stopped; attempt++) {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > windowMs) restarts.shift();
      if (restarts.length >= maxRestarts) {
        fatal(`the embedded PostgreSQL (pid ${died}) exited and was already restarted ${restarts.length} times within ${Math.round(windowMs / 60_000)} min: ${lastError}`);
        return;
      }
      restarts.push(now);
      state = { ok: false, reason: `the embedded PostgreSQL (pid ${died}) exited; restarting it (attempt ${attempt})` };
      await new Promise((resolve) => setTimeout(resolve, backoffDelay(backoff, attempt)));
      if (stopped) return;
      try {
        await server.restart();
        state = { ok: true };
        recovering = false;
        return;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        logger.error({ attempt, reason: lastError }, 'restarting the embedded PostgreSQL failed');
      }
    }
  };

  const timer = setInterval(() => {
    if (stopped || recovering || server.isRunning()) return;
    void recover();
  }, opts.checkEveryMs ?? 1_000);
  timer.unref();

  return {
    liveness: () => ({ ...state }),
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
