import type { Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { systemClock, type WaitingClock } from '../core/clock.js';
import type { StatusProvider } from '../core/status/status-report.js';
import { runMigrations } from '../db/migrate.js';
import { ensureAgendaPostgresSchema } from '../jobs/agenda-postgres-schema.js';
import { createJobQueue } from '../jobs/job-queue.js';
import { connectJobStore, type JobStore } from '../jobs/job-store.js';
import { createApp } from '../webhooks/app.js';
import { listenHttp } from '../webhooks/listen.js';
import { webhooksRouter } from '../webhooks/webhooks.router.js';
import { createBatchingInboxReceiver } from '../db/repositories/inbox-batching.js';
import { debounce } from '../util/debounce.js';
import { startDiscordBot, type DiscordRetry, type DiscordRole } from './discord.js';
import { startAbsEventFeed } from './abs-event-feed.js';
import { openDatabase, type OpenedDatabase } from './database.js';
import type { WatchOptions } from '../db/embedded-postgres-watch.js';
import { buildJobRegistry } from './job-definitions.js';
import { ROLES, type Role } from './roles.js';
import { buildServices } from './services.js';
import { createStatusProvider } from './status.js';
import { startWorkerHeartbeat } from './worker-heartbeat.js';
import { createWorkerHeartbeatRepository } from '../db/repositories/worker-heartbeat.repository.js';

export interface RunningService {
  /** Base URL of the HTTP server when the web role runs. */
  httpUrl?: string;
  status: StatusProvider;
  /** Resolves when the service can no longer work (its embedded PostgreSQL cannot be restarted): stop and exit non-zero. */
  failed: Promise<Error>;
  /** Stops everything in order; resolves when all is closed. Safe to call twice. */
  stop(): Promise<void>;
}

/** Time budget of a graceful stop, in ms: the whole stop must end within 10 s. */
const DRAIN_JOBS_MS = 6_000;

/**
 * The composition root of a running service: database, schema, job store, then the roles asked for. Each part added is
 * also added to the shutdown list, so a failure halfway through start-up closes what was opened.
 */
export async function startService(opts: {
  config: AppConfig;
  roles: ReadonlySet<Role>;
  logger: Logger;
  clock?: WaitingClock;
  /** How the bot retries its login (tests shorten it). */
  discordRetry?: DiscordRetry;
  /** How the embedded PostgreSQL is watched and restarted (tests shorten it). */
  embeddedWatch?: WatchOptions;
}): Promise<RunningService> {
  const { config, roles, logger } = opts;
  const clock = opts.clock ?? systemClock;
  const closers: Array<{ name: string; close: () => Promise<void> }> = [];
  const stopAll = async () => {
    for (const { name, close } of closers.splice(0).reverse()) {
      try {
        await close();
      } catch (error) {
        logger.warn({ err: error, part: name }, 'error while stopping');
      }
    }
  };

  // A role asked for by name that has nothing to do refuses to start, rather than idling as if it worked.
  const discord = config.integrations.find((i) => i.name === 'discord');
  const everyRole = ROLES.every((role) => roles.has(role));
  if (!everyRole && roles.has('bot') && !discord?.enabled) {
    throw new Error(`--role bot cannot do anything without Discord: ${discord?.reason ?? 'DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID not set'}`);
  }

  try {
    for (const integration of config.integrations) {
      if (!integration.enabled) logger.info({ integration: integration.name, reason: integration.reason }, 'integration disabled');
    }
    const database: OpenedDatabase = await openDatabase(config, logger, { mode: 'own', ...(opts.embeddedWatch ? { watch: opts.embeddedWatch } : {}) });
    closers.push({ name: 'database', close: () => database.shutdown() });
    const failed = new Promise<Error>((resolve) => database.onFatal(resolve));
    logger.info({ mode: database.mode }, 'database connected');

    const usePostgresJobs = !config.jobs.mongodbUrl;
    await runMigrations(database.pool, logger, usePostgresJobs ? [ensureAgendaPostgresSchema()] : []);

    const services = buildServices({ config, logger, db: database.db, clock });
    const { repositories } = services;
    services.health.start();
    closers.push({ name: 'health checks', close: async () => services.health.stop() });
    const jobStore: JobStore = await connectJobStore({ mongodbUrl: config.jobs.mongodbUrl, postgresUrl: database.url, logger });
    closers.push({ name: 'job store', close: () => jobStore.stop(DRAIN_JOBS_MS) });
    const enqueue = createJobQueue(jobStore);
    // New inbox events wake the inbox job (at most once a second, one waiting job at most); its periodic run catches
    // anything missed.
    const nudgeInbox = debounce(1_000, () => {
      enqueue('inbox', {}, { dedupeKey: 'wake' }).catch((error: unknown) => logger.warn({ err: error }, 'could not wake the inbox job; its periodic run will pick the event up'));
    });
    const jobs = buildJobRegistry(services, { onInboxStored: nudgeInbox, enqueue });

    let bot: DiscordRole | undefined;
    const heartbeats = createWorkerHeartbeatRepository(database.db);
    const status = createStatusProvider({
      processing: heartbeats,
      config,
      db: database.db,
      jobStore,
      jobs,
      taskRuns: repositories.taskRuns,
      health: services.health,
      bot: () => bot?.status(),
    });

    if (roles.has('worker')) {
      // The first beat also closes the task runs a stopped process left `running`, before this one starts any.
      const heartbeat = await startWorkerHeartbeat({ heartbeats, taskRuns: repositories.taskRuns, roles: [...roles].join(','), clock, logger });
      closers.push({ name: 'heartbeat', close: () => heartbeat.stop() });
      await jobStore.startProcessing(jobs, { taskRuns: repositories.taskRuns, clock, logger });
      // Events stored while no worker ran (or whose nudge was lost) are taken now, not at the next periodic run.
      await enqueue('inbox', {}, { dedupeKey: 'wake' });
      const abs = services.clients.abs;
      if (abs) {
        // Catch-up now, not at the next scheduled pass: a first start mirrors everything, a later one (and every
        // socket reconnection) finds what changed meanwhile (an unchanged library costs one list pass).
        const catchUp = () => void enqueue('library-sync', {}, { dedupeKey: 'full' }).catch((error: unknown) => logger.warn({ err: error }, 'could not queue the library catch-up; the scheduled sync will do it'));
        catchUp();
        const feed = startAbsEventFeed({ abs, logger, inbox: repositories.inbox, onStored: nudgeInbox, onReconnected: catchUp });
        closers.push({ name: 'abs feed', close: async () => feed.stop() });
      }
    }

    if (roles.has('bot')) {
      // In the background: an unreachable Discord is retried and reported, never a reason for the other roles to wait.
      const role = startDiscordBot({ config, logger, commands: { status }, outbox: repositories.outbox, ...(opts.discordRetry ? { retry: opts.discordRetry } : {}) });
      if (role) closers.push({ name: 'discord', close: () => role.stop() });
      bot = role;
    }

    let httpUrl: string | undefined;
    if (roles.has('web')) {
      const app = createApp({ logger, status, liveness: database.liveness, trustProxy: config.http.trustProxy, routers: [webhooksRouter({ secret: config.security.webhookSecret, inbox: createBatchingInboxReceiver(database.db), onStored: nudgeInbox })] });
      const { server, url } = await listenHttp(app, { host: config.http.host, port: config.http.port });
      // Stopping HTTP first: no new work is accepted while the rest drains.
      closers.push({
        name: 'http',
        close: () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
            setTimeout(() => server.closeAllConnections(), 2_000).unref();
          }),
      });
      httpUrl = url;
      logger.info({ url: httpUrl }, 'HTTP server listening');
    }

    logger.info({ roles: [...roles] }, 'shelfkeeper started');
    let stopping: Promise<void> | undefined;
    return {
      httpUrl,
      status,
      failed,
      stop: () => (stopping ??= stopAll().then(() => logger.info('shelfkeeper stopped'))),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
