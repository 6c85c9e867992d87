import { Agenda, type AgendaBackend } from 'agenda';
import pg from 'pg';
import type { Logger } from 'pino';
import type { JobRegistry } from './job-registry.js';
import type { JobRunDeps } from './run-job.js';
import { runJob } from './run-job.js';
import { AGENDA_TABLE } from './agenda-postgres-schema.js';
import { systemClock } from '../core/clock.js';
import { describeConnectionError, isConnectionError } from '../core/status/connection-error.js';
import { createOutageLog, type OutageLog } from '../core/status/outage-log.js';

export class JobStoreUnavailableError extends Error {
  constructor(backend: string, cause: unknown) {
    // The setting to look at first: MONGODB_URL (Postgres jobs share the database, whose own errors name its setting).
    super(`${backend === 'mongodb' ? 'MONGODB_URL: ' : ''}The job store (${backend}) is unreachable: ${describeConnectionError(cause)}`);
    this.name = 'JobStoreUnavailableError';
  }
}

export interface JobStore {
  readonly backendName: 'mongodb' | 'postgres';
  /** Throws when the job store cannot be queried (used by /ready): constant work whatever the table size. */
  ping(): Promise<void>;
  /** Next scheduled run of each named job: a bounded query per name (an index look-up), never a read of every row. */
  nextRuns(names: readonly string[]): Promise<Map<string, Date | null>>;
  /**
   * Queues a job to run as soon as a worker is free (from any role). With a dedupe key at most one such job waits:
   * a second enqueue moves the waiting one to now instead of adding a row. Services use the typed queue (job-queue.ts).
   */
  enqueue(name: string, data?: Record<string, unknown>, options?: { dedupeKey?: string }): Promise<void>;
  /** Worker role: defines every job, (re)schedules the repeating ones and starts processing. */
  startProcessing(registry: JobRegistry, deps: JobRunDeps): Promise<void>;
  /**
   * Aborts the signal every running job was given (each stops at its next checkpoint), lets running jobs finish (up to
   * the timeout), unlocks the rest, closes the connection.
   */
  stop(timeoutMs: number): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5_000;
/**
 * One-off runs that failed keep their row (Agenda removes only successful ones); their failure is in task_runs. Rows
 * older than this are deleted, at the start of processing and then every PRUNE_EVERY_MS, so the table stays bounded.
 */
const FAILED_ONE_OFF_RETENTION = '7 days';
const PRUNE_EVERY_MS = 6 * 60 * 60_000;
/** Where a job's dedupe key is kept inside its stored data. */
const DEDUPE_KEY = '__dedupeKey';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function createBackend(opts: {
  mongodbUrl?: string;
  postgresUrl: string;
  logger: Logger;
  outage: OutageLog;
}): Promise<{ backend: AgendaBackend; name: 'mongodb' | 'postgres'; release: () => Promise<void>; pool?: pg.Pool }> {
  if (opts.mongodbUrl) {
    const { MongoBackend } = await import('@agendajs/mongo-backend');
    return {
      name: 'mongodb',
      backend: new MongoBackend({ address: opts.mongodbUrl, collection: 'agendaJobs', options: { serverSelectionTimeoutMS: CONNECT_TIMEOUT_MS } }),
      release: async () => {},
    };
  }
  const { PostgresBackend } = await import('@agendajs/postgres-backend');
  // Our own pool, so that a database restart is a logged warning: the backend's own pool has no 'error' listener and an
  // idle connection dropped by the server would crash the process.
  const pool = new pg.Pool({ connectionString: opts.postgresUrl, max: 5, connectionTimeoutMillis: 5_000, application_name: 'shelfkeeper-jobs' });
  // A database outage is logged as one (its start, a reminder, its end): every dropped or refused connection is one
  // more failure of it, and a new connection its end.
  pool.on('error', (error) => opts.outage.failed(error));
  pool.on('connect', (client) => {
    opts.outage.recovered();
    client.on('error', (error) => opts.outage.failed(error));
  });
  return {
    name: 'postgres',
    // The table is created by the migrations (see agenda-postgres-schema.ts), never by each process.
    backend: new PostgresBackend({ pool, tableName: AGENDA_TABLE, ensureSchema: false }),
    release: () => pool.end(),
    pool,
  };
}

/**
 * Connects Agenda to MongoDB (MONGODB_URL) or to the application's Postgres. The backend is connected here, before
 * Agenda sees it, because Agenda's constructor connects without handling a rejection and an unreachable store would
 * kill the process with an unhandled rejection instead of this clear error.
 */
export async function connectJobStore(opts: { mongodbUrl?: string; postgresUrl: string; logger: Logger; processEvery?: string }): Promise<JobStore> {
  const outage = createOutageLog({ what: 'job store', log: opts.logger.child({ module: 'jobs' }), clock: systemClock });
  const { backend, name, release, pool } = await createBackend({ ...opts, outage });
  try {
    await withTimeout(backend.connect(), CONNECT_TIMEOUT_MS, `the ${name} job store`);
  } catch (error) {
    await backend.disconnect().catch(() => {});
    await release().catch(() => {});
    throw new JobStoreUnavailableError(name, error);
  }
  // The LISTEN channel re-emits a dropped connection as an 'error' event and reconnects by itself; unheard, that
  // event would be thrown as an uncaught exception.
  const channel = backend.notificationChannel as unknown as { on?: (event: 'error', fn: (error: Error) => void) => void } | undefined;
  channel?.on?.('error', (error) => outage.failed(error));
  const connected: AgendaBackend = {
    name: backend.name,
    repository: backend.repository,
    notificationChannel: backend.notificationChannel,
    logger: backend.logger,
    ownsConnection: true,
    connect: async () => {},
    disconnect: async () => {
      await backend.disconnect();
      await release();
    },
  };
  const logger = opts.logger.child({ module: 'jobs' });
  const agenda = new Agenda({
    backend: connected,
    processEvery: opts.processEvery ?? '5 seconds',
    // Long jobs call touch(); a short lock lifetime lets another worker take over a crashed one within minutes.
    defaultLockLifetime: 5 * 60_000,
  });
  agenda.on('error', (error: Error) => (isConnectionError(error) ? outage.failed(error) : logger.error({ err: error }, 'job store error')));
  let processing = false;
  let pruneTimer: NodeJS.Timeout | undefined;
  const pruneFailedOneOffs = async () => {
    if (!pool) return;
    try {
      const { rowCount } = await pool.query(
        `DELETE FROM "${AGENDA_TABLE}" WHERE repeat_interval IS NULL AND repeat_at IS NULL AND next_run_at IS NULL
           AND locked_at IS NULL AND last_finished_at < now() - interval '${FAILED_ONE_OFF_RETENTION}'`,
      );
      if (rowCount) logger.info({ removed: rowCount }, 'removed old failed one-off job rows');
    } catch (error) {
      logger.warn({ err: error }, 'could not remove old failed one-off job rows; trying again later');
    }
  };
  const shutdown = new AbortController();
  // Our own count of running handlers: Agenda's drain can miss a job that finishes while it starts waiting.
  const inFlight = new Set<Promise<unknown>>();

  return {
    backendName: name,
    async ping() {
      // Not agenda.queryJobs: the Postgres backend's reads every row and pages in JavaScript (seconds at 300,000 rows).
      try {
        if (pool) await withTimeout(pool.query(`SELECT 1 FROM "${AGENDA_TABLE}" LIMIT 1`), 3_000, 'the job store');
        else await withTimeout(agenda.queryJobs({ limit: 1 }), 3_000, 'the job store');
      } catch (error) {
        throw new Error(describeConnectionError(error));
      }
      outage.recovered();
    },
    async nextRuns(names) {
      const next = new Map<string, Date | null>();
      if (pool) {
        // One index look-up per name (the backend's (name, next_run_at) index), however many rows the table holds.
        const { rows } = await pool.query<{ name: string; next_run_at: Date | null }>(
          `SELECT n.name, (SELECT j.next_run_at FROM "${AGENDA_TABLE}" j
              WHERE j.name = n.name AND j.disabled = FALSE AND j.next_run_at IS NOT NULL ORDER BY j.next_run_at LIMIT 1) AS next_run_at
           FROM unnest($1::text[]) AS n(name)`,
          [names],
        );
        for (const row of rows) next.set(row.name, row.next_run_at);
        return next;
      }
      for (const jobName of names) {
        const { jobs } = await agenda.queryJobs({ name: jobName, limit: 20 });
        const times = jobs.flatMap((job) => (job.nextRunAt ? [new Date(job.nextRunAt).getTime()] : []));
        next.set(jobName, times.length > 0 ? new Date(Math.min(...times)) : null);
      }
      return next;
    },
    async enqueue(jobName, data = {}, options = {}) {
      if (!options.dedupeKey) {
        await agenda.now(jobName, data);
        return;
      }
      // The key lives in the job's data (Agenda's unique() matches on data paths); the handler strips it again.
      await agenda
        .create(jobName, { ...data, [DEDUPE_KEY]: options.dedupeKey })
        .unique({ [`data.${DEDUPE_KEY}`]: options.dedupeKey })
        .schedule(new Date())
        .save();
    },
    async startProcessing(registry, deps) {
      for (const definition of registry.all()) {
        agenda.define(
          definition.name,
          async (job) => {
            const { [DEDUPE_KEY]: _key, ...data } = (job.attrs.data ?? {}) as Record<string, unknown>;
            const run = runJob(definition, data, deps, { touch: () => job.touch(), signal: shutdown.signal });
            inFlight.add(run);
            try {
              await run;
            } finally {
              inFlight.delete(run);
            }
          },
          {
            concurrency: definition.options?.concurrency ?? 1,
            lockLifetime: definition.options?.lockLifetimeMs ?? 5 * 60_000,
            // One-off runs (wake-ups, "run now") leave no row behind once they succeed; repeating jobs keep theirs.
            removeOnComplete: true,
          },
        );
      }
      await agenda.start();
      processing = true;
      for (const definition of registry.all()) {
        const schedule = definition.schedule;
        if (!schedule) continue;
        if ('cron' in schedule) await agenda.every(schedule.cron, definition.name, {}, { timezone: schedule.timezone ?? 'UTC', skipImmediate: true });
        else await agenda.every(schedule.every, definition.name, {}, { skipImmediate: true });
      }
      await pruneFailedOneOffs();
      pruneTimer = setInterval(() => void pruneFailedOneOffs(), PRUNE_EVERY_MS);
      pruneTimer.unref();
      logger.info({ backend: name, jobs: registry.all().map((d) => d.name) }, 'job processing started');
    },
    async stop(timeoutMs) {
      shutdown.abort(new Error('the service is stopping'));
      clearInterval(pruneTimer);
      if (processing) {
        let timer: NodeJS.Timeout | undefined;
        const deadline = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const outcome = await Promise.race([Promise.allSettled([...inFlight]), deadline]);
        clearTimeout(timer);
        if (outcome === 'timeout') logger.warn({ running: inFlight.size }, 'jobs still running at shutdown: their locks are released for another worker');
        // Lets Agenda record the runs that just ended (and stop polling) before the connection closes.
        await agenda.drain({ timeout: 1_000 });
      }
      // stop() also unlocks jobs that were locked but not started (drain does not), then closes the connection.
      await agenda.stop(true);
    },
  };
}
