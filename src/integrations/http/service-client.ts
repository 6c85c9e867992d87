import type { BudgetStore } from './budget-store.js';
import type { HttpClient, HttpClientOptions } from './http-client.js';
import { createHttpClient } from './http-client.js';
import type { RateWindow } from './rate-limiter.js';
import { createRateLimiter } from './rate-limiter.js';
import type { KnownService } from './service-defaults.js';
import { SERVICE_DEFAULTS } from './service-defaults.js';

export interface ServiceHttpClientOptions extends Omit<HttpClientOptions, 'service' | 'timeoutMs'> {
  timeoutMs?: number;
  /** Overrides the default windows of the service (ignored when `rateLimiter` is given). */
  windows?: readonly RateWindow[];
  /** Where persistent windows (daily budgets) are counted; in memory when omitted. */
  budgetStore?: BudgetStore;
  /** Longest the limiter may hold a call before failing with `budget_exhausted`. */
  maxRateWaitMs?: number;
}

/** createHttpClient with the service's default timeout, rate windows and cache TTL (service-defaults.ts). */
export function createServiceHttpClient(service: KnownService, options: ServiceHttpClientOptions): HttpClient {
  const defaults = SERVICE_DEFAULTS[service];
  const { windows, budgetStore, maxRateWaitMs, ...rest } = options;
  const rateLimiter =
    rest.rateLimiter ??
    createRateLimiter({
      service,
      windows: windows ?? defaults.windows,
      ...(rest.clock ? { clock: rest.clock } : {}),
      ...(budgetStore ? { store: budgetStore } : {}),
      ...(maxRateWaitMs === undefined ? {} : { maxWaitMs: maxRateWaitMs }),
    });
  const cacheTtlMs = rest.cacheTtlMs ?? ('cacheTtlMs' in defaults ? defaults.cacheTtlMs : undefined);
  return createHttpClient({
    ...rest,
    service,
    timeoutMs: rest.timeoutMs ?? defaults.timeoutMs,
    rateLimiter,
    ...(cacheTtlMs === undefined ? {} : { cacheTtlMs }),
  });
}
