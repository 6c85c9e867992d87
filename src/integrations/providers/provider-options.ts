import type { Logger } from 'pino';
import type { BudgetStore } from '../../core/upstream/rate-budget.port.js';
import type { WaitingClock as Clock } from '../../core/clock.js';
import type { RateWindow } from '../http/rate-limiter.js';
import type { ResponseCache } from '../../core/upstream/response-cache.port.js';
import type { RetryPolicy } from '../http/retry.js';

/** What every metadata-provider client takes; built from the config by src/app/integration-clients.ts (no env or config read here). */
export interface ProviderClientOptions {
  logger: Logger;
  /** Defaults to the public endpoint of the provider. */
  baseUrl?: string;
  cache?: ResponseCache;
  /** Daily/hourly budgets, persisted (RateBudgetRepository) so they hold across restarts. */
  budgetStore?: BudgetStore;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  timeoutMs?: number;
  /** Overrides the default rate windows (service-defaults.ts). */
  windows?: readonly RateWindow[];
  maxRateWaitMs?: number;
}

/** The subset handed to createServiceHttpClient (drops undefined so defaults apply). */
export function httpOptions(o: ProviderClientOptions, baseUrl: string) {
  return {
    baseUrl: o.baseUrl ?? baseUrl,
    logger: o.logger,
    ...(o.cache ? { cache: o.cache } : {}),
    ...(o.budgetStore ? { budgetStore: o.budgetStore } : {}),
    ...(o.clock ? { clock: o.clock } : {}),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
    ...(o.windows ? { windows: o.windows } : {}),
    ...(o.maxRateWaitMs === undefined ? {} : { maxRateWaitMs: o.maxRateWaitMs }),
  };
}
