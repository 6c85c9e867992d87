import { sql } from 'drizzle-orm';
import type { AppConfig } from '../config/config.js';
import type { HealthMonitor } from '../core/status/health-monitor.js';
import { describeConnectionError } from '../core/status/connection-error.js';
import type { ComponentStatus, ProcessingStatus, StatusProvider, StatusReport } from '../core/status/status-report.js';
import type { TaskRunStore } from '../core/tasks/task-runner.js';
import type { Database } from '../db/client.js';
import type { JobRegistry } from '../jobs/job-registry.js';
import type { JobStore } from '../jobs/job-store.js';
import type { InboxLag, WorkerLiveness } from '../db/repositories/worker-heartbeat.repository.js';
import { HEARTBEAT_STALE_MS } from './worker-heartbeat.js';

const PROBE_TIMEOUT_MS = 3_000;
/** Pending inbox events older than this mean nothing is processing them. */
const INBOX_LAG_LIMIT_S = 5 * 60;

function ago(at: Date, now: Date): string {
  const s = Math.round((now.getTime() - at.getTime()) / 1000);
  return s < 120 ? `${s} s` : `${Math.round(s / 60)} min`;
}

/** The workers' last beats and the inbox's oldest pending event, as two components an operator reads. */
export function processingStatus(liveness: WorkerLiveness, lag: InboxLag, now: Date): ProcessingStatus {
  const { live, lastHeartbeatAt } = liveness;
  const worker: ProcessingStatus['worker'] =
    live > 0
      ? { name: 'worker', state: 'healthy', detail: `${live} worker${live === 1 ? '' : 's'} alive`, live, lastHeartbeatAt }
      : {
          name: 'worker',
          state: 'unhealthy',
          reason: lastHeartbeatAt ? `no worker heartbeat for ${ago(lastHeartbeatAt, now)}` : 'no worker has run on this database',
          live,
          lastHeartbeatAt,
        };
  const age = lag.oldestPendingAt ? Math.max(0, Math.round((now.getTime() - lag.oldestPendingAt.getTime()) / 1000)) : null;
  const pendingText = `${lag.pending} event${lag.pending === 1 ? '' : 's'} pending`;
  const inbox: ProcessingStatus['inbox'] =
    age !== null && age > INBOX_LAG_LIMIT_S
      ? { name: 'inbox', state: 'unhealthy', reason: `${pendingText}, the oldest for ${ago(lag.oldestPendingAt!, now)}`, pending: lag.pending, oldestPendingAgeSeconds: age }
      : { name: 'inbox', state: 'healthy', detail: pendingText, pending: lag.pending, oldestPendingAgeSeconds: age };
  return { worker, inbox };
}

/** /ready and /status share one report for this long; concurrent callers share the one being built. */
const REPORT_CACHE_MS = 2_000;
/** A report older than this is never served: the caller waits for a fresh one. */
const STALE_LIMIT_MS = 10_000;

async function probe(name: string, check: () => Promise<unknown>): Promise<ComponentStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS / 1000} s`)), PROBE_TIMEOUT_MS);
      }),
    ]);
    return { name, state: 'healthy' };
  } catch (error) {
    return { name, state: 'unhealthy', reason: describeConnectionError(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function createStatusProvider(deps: {
  config: AppConfig;
  db: Database;
  jobStore: JobStore;
  jobs: JobRegistry;
  taskRuns: TaskRunStore;
  /** The periodic checks' last verdicts (read from memory: no upstream call on the request path). */
  health: Pick<HealthMonitor, 'snapshot'>;
  /** The bot role of this process, when it runs: until it has logged in, its state is the `discord` integration's. */
  bot?: () => ComponentStatus | undefined;
  /** Worker heartbeats and inbox lag (absent: not reported). */
  processing?: {
    liveness(staleBefore: Date): Promise<WorkerLiveness>;
    inboxLag(): Promise<InboxLag>;
  };
  cacheMs?: number;
}): StatusProvider {
  const cacheMs = deps.cacheMs ?? REPORT_CACHE_MS;
  let cached: { at: number; report: StatusReport } | undefined;
  let building: Promise<StatusReport> | undefined;
  const refresh = (): Promise<StatusReport> =>
    (building ??= build()
      .then((report) => {
        cached = { at: Date.now(), report };
        return report;
      })
      .finally(() => {
        building = undefined;
      }));
  // Constant work per request whatever the tables hold: at most one report being built at a time, from bounded queries.
  // A report younger than cacheMs is served as is; an older one (up to STALE_LIMIT_MS) is served while its successor
  // is built, so no request waits on the database; past that, callers wait for the fresh one.
  return async () => {
    const age = cached ? Date.now() - cached.at : Number.POSITIVE_INFINITY;
    if (cached && age < cacheMs) return cached.report;
    const next = refresh();
    if (cached && age < STALE_LIMIT_MS) {
      next.catch(() => {});
      return cached.report;
    }
    return next;
  };

  async function build(): Promise<StatusReport> {
    const [database, jobStore] = await Promise.all([
      probe('database', () => deps.db.execute(sql`SELECT 1`)),
      probe(`job store (${deps.jobStore.backendName})`, () => deps.jobStore.ping()),
    ]);
    const integrations = deps.config.integrations.map((setting): ComponentStatus => {
      if (!setting.enabled) return { name: setting.name, state: 'disabled', reason: setting.reason };
      const checked = deps.health.snapshot(setting.name);
      const bot = setting.name === 'discord' ? deps.bot?.() : undefined;
      // The bot's own login outcome, unless a periodic check failed since it logged in.
      if (bot && (bot.state !== 'healthy' || !(checked?.state === 'unhealthy' && (checked.checkedAt ?? 0) > (bot.checkedAt ?? 0)))) return bot;
      return checked ?? { name: setting.name, state: 'enabled' };
    });
    // A failed look-up is reported on its component, never shown as "not scheduled" or "never ran".
    let nextRuns = new Map<string, Date | null>();
    let lastRuns: Awaited<ReturnType<TaskRunStore['latest']>> = [];
    let processing: ProcessingStatus | undefined;
    const degrade = (component: ComponentStatus, what: string, error: unknown) => {
      component.state = 'unhealthy';
      component.reason = `${what}: ${error instanceof Error ? error.message : String(error)}`;
    };
    await Promise.all([
      jobStore.state === 'healthy' &&
        deps.jobStore.nextRuns(deps.jobs.all().map((d) => d.name)).then(
          (runs) => void (nextRuns = runs),
          (error: unknown) => degrade(jobStore, 'listing scheduled jobs failed', error),
        ),
      database.state === 'healthy' &&
        deps.taskRuns.latest({ limit: 50 }).then(
          (runs) => void (lastRuns = runs),
          (error: unknown) => degrade(database, 'reading task runs failed', error),
        ),
      database.state === 'healthy' &&
        deps.processing &&
        Promise.all([deps.processing.liveness(new Date(Date.now() - HEARTBEAT_STALE_MS)), deps.processing.inboxLag()]).then(
          ([liveness, lag]) => void (processing = processingStatus(liveness, lag, new Date())),
          (error: unknown) => degrade(database, 'reading worker heartbeats and inbox lag failed', error),
        ),
    ]);
    const jobs = deps.jobs.all().map((definition) => {
      const last = lastRuns.find((run) => run.job === definition.name);
      return {
        name: definition.name,
        nextRunAt: nextRuns.get(definition.name) ?? null,
        ...(last ? { lastRun: { status: last.status, startedAt: last.startedAt, finishedAt: last.finishedAt, error: last.error } } : {}),
      };
    });
    return { database, jobStore, ...(processing ? { processing } : {}), integrations, jobs, generatedAt: new Date() };
  }
}
