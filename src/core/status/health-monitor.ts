import type { Clock } from '../clock.js';
import type { Log } from '../logger.port.js';
import type { ComponentStatus } from './status-report.js';

/** One component's cheap check: resolves with an optional detail ("v5.0.3", "2 libraries"), rejects with the reason. */
export interface HealthProbe {
  name: string;
  /** How often to check; local services often, rate-limited internet services rarely (their calls cost budget). */
  everyMs: number;
  /** Wait this long before the first check (default: check at once). */
  firstAfterMs?: number;
  check(signal: AbortSignal): Promise<{ detail?: string }>;
}

export interface HealthMonitor {
  /** Starts the periodic checks (the first one at once). */
  start(): void;
  stop(): void;
  /** The last verdict of each probe; `enabled` until its first check has ended. Never does I/O. */
  snapshot(name: string): ComponentStatus | undefined;
  /** Checks every probe now and waits for the verdicts (start-up, tests). */
  checkAll(): Promise<void>;
}

/**
 * Runs each probe on its own period, under a deadline, and keeps the last verdict, so /ready and /status answer from
 * memory in constant time and never put an upstream call on the request path. A state change is logged once.
 */
export function createHealthMonitor(deps: { probes: HealthProbe[]; clock: Clock; logger: Log; timeoutMs?: number }): HealthMonitor {
  const timeoutMs = deps.timeoutMs ?? 5_000;
  const verdicts = new Map<string, ComponentStatus>(
    deps.probes.map((p) => [p.name, { name: p.name, state: 'enabled', reason: 'not checked yet' }]),
  );
  const timers = new Map<string, NodeJS.Timeout>();
  const running = new Map<string, Promise<void>>();
  let stopped = true;

  const check = (probe: HealthProbe): Promise<void> => {
    const inFlight = running.get(probe.name);
    if (inFlight) return inFlight;
    const run = (async () => {
      const controller = new AbortController();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // The verdict first, then the abort (whose own rejection would otherwise win the race with a vaguer reason).
          reject(new Error(`no answer within ${timeoutMs / 1000} s`));
          controller.abort();
        }, timeoutMs);
      });
      let next: ComponentStatus;
      try {
        const { detail } = await Promise.race([probe.check(controller.signal), deadline]);
        next = { name: probe.name, state: 'healthy', ...(detail ? { detail } : {}) };
      } catch (error) {
        next = { name: probe.name, state: 'unhealthy', reason: error instanceof Error ? error.message : String(error) };
      } finally {
        clearTimeout(timer);
      }
      const previous = verdicts.get(probe.name);
      if (previous?.state !== next.state) {
        if (next.state === 'healthy') deps.logger.info({ component: probe.name }, 'healthy');
        else deps.logger.warn({ component: probe.name, reason: next.reason }, 'unhealthy');
      }
      verdicts.set(probe.name, { ...next, checkedAt: deps.clock.now() });
    })().finally(() => running.delete(probe.name));
    running.set(probe.name, run);
    return run;
  };

  const schedule = (probe: HealthProbe, delayMs = probe.everyMs) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      void check(probe).finally(() => schedule(probe));
    }, delayMs);
    timer.unref();
    timers.set(probe.name, timer);
  };

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      for (const probe of deps.probes) {
        if (probe.firstAfterMs) schedule(probe, probe.firstAfterMs);
        else void check(probe).finally(() => schedule(probe));
      }
    },
    stop() {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
    snapshot(name) {
      const verdict = verdicts.get(name);
      return verdict ? { ...verdict } : undefined;
    },
    async checkAll() {
      await Promise.all(deps.probes.map(check));
    },
  };
}
