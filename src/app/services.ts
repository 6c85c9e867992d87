import type { Logger } from 'pino';
import type { AppConfig, IntegrationName } from '../config/config.js';
import { systemClock, type WaitingClock } from '../core/clock.js';
import { createHealthMonitor, type HealthMonitor, type HealthProbe } from '../core/status/health-monitor.js';
import type { Database, Executor } from '../db/client.js';
import { ApiCacheRepository } from '../db/repositories/api-cache.repository.js';
import { createDownloadRepository } from '../db/repositories/download.repository.js';
import { createInboxRepository } from '../db/repositories/inbox.repository.js';
import { createLibraryRepository } from '../db/repositories/library.repository.js';
import { NotificationRepository } from '../db/repositories/notification.repository.js';
import { RateBudgetRepository } from '../db/repositories/rate-budget.repository.js';
import { createRetentionRepository } from '../db/repositories/retention.repository.js';
import { createTaskRunRepository } from '../db/repositories/task-run.repository.js';
import { createWantedBookRepository } from '../db/repositories/wanted-book.repository.js';
import { createIntegrationClients, type IntegrationClients, type IntegrationClientsOptions } from './integration-clients.js';
import { integrationProbes } from './integration-probes.js';

/** Every repository of the service, built once on the service's database. */
export interface Repositories {
  inbox: ReturnType<typeof createInboxRepository>;
  outbox: NotificationRepository;
  taskRuns: ReturnType<typeof createTaskRunRepository>;
  downloads: ReturnType<typeof createDownloadRepository>;
  retention: ReturnType<typeof createRetentionRepository>;
  apiCache: ApiCacheRepository;
  rateBudgets: RateBudgetRepository;
  /** The wanted books: the only writer of wanted_books (every move a compare-and-set with its transition and notice). */
  wanted: ReturnType<typeof createWantedBookRepository>;
  /** The library mirror on the database, or on a transaction (an inbox event's change commits with its event). */
  library(executor?: Executor): ReturnType<typeof createLibraryRepository>;
}

/**
 * The one set of services of a process: every client built once with the Postgres response cache and the persisted
 * rate budgets (so both survive a restart and are shared by every process), every repository built once, and the
 * health monitor over the configured integrations. Jobs, bot commands and HTTP routes receive the narrow parts they use.
 */
export interface Services {
  config: AppConfig;
  logger: Logger;
  clock: WaitingClock;
  db: Database;
  repositories: Repositories;
  clients: IntegrationClients;
  health: HealthMonitor;
}

/** Rate-limited internet services: each check costs budget, so they are checked rarely (their real calls say more). */
const RARELY_CHECKED: ReadonlySet<IntegrationName> = new Set(['googleBooks', 'openLibrary', 'audnexus', 'audible', 'hardcover']);
const RARE_CHECK_MS = 30 * 60_000;
const PROBE_TIMEOUT_MS = 5_000;

export function buildServices(input: {
  config: AppConfig;
  logger: Logger;
  db: Database;
  clock?: WaitingClock;
  clientOptions?: Omit<IntegrationClientsOptions, 'logger' | 'cache' | 'budgetStore' | 'clock'>;
}): Services {
  const { config, logger, db } = input;
  const clock = input.clock ?? systemClock;
  const apiCache = new ApiCacheRepository(db, clock);
  const rateBudgets = new RateBudgetRepository(db);
  const outbox = new NotificationRepository(db);
  const repositories: Repositories = {
    inbox: createInboxRepository(db),
    outbox,
    taskRuns: createTaskRunRepository(db),
    downloads: createDownloadRepository(db),
    retention: createRetentionRepository(db),
    apiCache,
    rateBudgets,
    wanted: createWantedBookRepository(db, outbox),
    library: (executor = db) => createLibraryRepository(executor),
  };
  const clients = createIntegrationClients(config, { ...input.clientOptions, logger, clock, cache: apiCache, budgetStore: rateBudgets });
  // The checks get clients of their own: one attempt each (a retried check would hide the outage it is for) and only
  // errors logged (the monitor logs each change of state once). They share the budgets, so checks count against them.
  const probeClients = createIntegrationClients(config, {
    ...input.clientOptions,
    logger: logger.child({ module: 'health' }, { level: 'error' }),
    timeoutMs: PROBE_TIMEOUT_MS,
    retry: { maxAttempts: 1 },
    clock,
    cache: apiCache,
    budgetStore: rateBudgets,
    ...(clients.mam ? { mamHealth: clients.mam.health } : {}),
  });
  const health = createHealthMonitor({ probes: healthProbes(config, probeClients), clock, logger: logger.child({ module: 'health' }), timeoutMs: PROBE_TIMEOUT_MS });
  return { config, logger, clock, db, repositories, clients, health };
}

/** The periodic checks: the doctor's probes, local services at HEALTH_CHECK_INTERVAL_SECONDS, internet ones rarely. */
function healthProbes(config: AppConfig, clients: IntegrationClients): HealthProbe[] {
  const probes = integrationProbes(config, clients, PROBE_TIMEOUT_MS);
  const out: HealthProbe[] = [];
  for (const setting of config.integrations) {
    if (!setting.enabled) continue;
    const name = setting.name;
    if (name === 'myAnonamouse' && clients.mam) {
      // Every MyAnonamouse request counts against the user's account: its health is what the last real call saw.
      const mam = clients.mam;
      out.push({
        name,
        everyMs: config.health.intervalMs,
        check: async () => {
          const state = mam.health.state;
          if (state.status === 'unknown') return { detail: 'not used yet (checked on its first call)' };
          if (state.status !== 'ok') throw new Error(state.message);
          return { detail: state.message };
        },
      });
      continue;
    }
    const probe = probes[name];
    if (!probe) continue;
    const rare = RARELY_CHECKED.has(name);
    out.push({
      name,
      everyMs: rare ? RARE_CHECK_MS : config.health.intervalMs,
      // Not at every start either: a restart loop must not spend the day's budget on checks.
      ...(rare ? { firstAfterMs: RARE_CHECK_MS } : {}),
      check: async () => {
        const result = await probe();
        const detail = [result.version, result.detail].filter(Boolean).join(', ');
        return detail ? { detail } : {};
      },
    });
  }
  return out;
}
