import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import type { WorkerHeartbeatRepository } from '../db/repositories/worker-heartbeat.repository.js';

/** How often a worker says it is alive, and after how long without a beat it is taken for gone. */
export const HEARTBEAT_EVERY_MS = 15_000;
export const HEARTBEAT_STALE_MS = 4 * HEARTBEAT_EVERY_MS;
const FORGET_AFTER_MS = 24 * 60 * 60_000;

/**
 * The worker's heartbeat: a row in worker_heartbeats, beaten every 15 s, which /ready and /status read (so a web-only
 * process shows whether anything processes its events). With each beat, `running` task runs whose process is gone are
 * closed as interrupted (the first beat does it at start).
 */
export async function startWorkerHeartbeat(deps: {
  heartbeats: WorkerHeartbeatRepository;
  taskRuns: { closeInterrupted(staleBefore: Date, now: Date): Promise<number> };
  roles: string;
  clock: Clock;
  logger: Logger;
  everyMs?: number;
  staleMs?: number;
}): Promise<{ stop(): Promise<void> }> {
  const everyMs = deps.everyMs ?? HEARTBEAT_EVERY_MS;
  const staleMs = deps.staleMs ?? HEARTBEAT_STALE_MS;
  const startedAt = deps.clock.now();
  const beat = async () => {
    const now = deps.clock.now();
    await deps.heartbeats.beat({ roles: deps.roles, startedAt }, now);
    const closed = await deps.taskRuns.closeInterrupted(new Date(now.getTime() - staleMs), now);
    if (closed > 0) deps.logger.warn({ closed }, 'task runs left running by a stopped process closed as interrupted');
    await deps.heartbeats.prune(new Date(now.getTime() - FORGET_AFTER_MS));
  };
  await beat();
  const timer = setInterval(() => {
    // A failed beat is a database outage, which the database's own outage log reports.
    beat().catch(() => {});
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await deps.heartbeats.remove().catch(() => {});
    },
  };
}
