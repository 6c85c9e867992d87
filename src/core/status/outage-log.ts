import type { Clock } from '../clock.js';
import type { Log } from '../logger.port.js';
import { describeConnectionError } from './connection-error.js';

export interface OutageLog {
  /** A failure seen: the first of an outage is logged, later ones only as a periodic reminder. */
  failed(error: unknown): void;
  /** A success seen: ends an outage (logged once, with how long it lasted). */
  recovered(): void;
  readonly down: boolean;
}

/**
 * One outage, logged as one: its start (with the cause), a reminder every `remindEveryMs` while it lasts (with how many
 * failures were seen), and its end — not one line per failed reconnect (a dropped database made ~20 a second).
 */
export function createOutageLog(deps: { what: string; log: Log; clock: Clock; remindEveryMs?: number }): OutageLog {
  const remindEveryMs = deps.remindEveryMs ?? 60_000;
  let since: Date | undefined;
  let lastLogged = 0;
  let failures = 0;
  return {
    failed(error) {
      const now = deps.clock.now();
      const cause = describeConnectionError(error);
      failures += 1;
      if (!since) {
        since = now;
        lastLogged = now.getTime();
        deps.log.warn({ component: deps.what, cause }, `${deps.what} unreachable: ${cause}`);
        return;
      }
      if (now.getTime() - lastLogged >= remindEveryMs) {
        lastLogged = now.getTime();
        deps.log.warn({ component: deps.what, cause, since: since.toISOString(), failures }, `${deps.what} still unreachable: ${cause}`);
      }
    },
    recovered() {
      if (!since) return;
      const downForMs = deps.clock.now().getTime() - since.getTime();
      deps.log.info({ component: deps.what, downForMs, failures }, `${deps.what} reachable again after ${Math.round(downForMs / 1000)} s`);
      since = undefined;
      failures = 0;
    },
    get down() {
      return since !== undefined;
    },
  };
}
