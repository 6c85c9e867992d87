import type { Logger } from 'pino';
import type { WaitingClock } from '../core/clock.js';
import type { AppConfig, IntegrationName } from '../config/config.js';
import { AbsClient } from '../integrations/abs/index.js';
import { AudibleClient } from '../integrations/audible/index.js';
import type { BudgetStore, ResponseCache, RetryPolicy } from '../integrations/http/index.js';
import { MamClient, MamHealth } from '../integrations/mam/index.js';
import { AudnexusClient, GoogleBooksClient, HardcoverClient, OpenLibraryClient } from '../integrations/providers/index.js';
import type { ProviderClientOptions } from '../integrations/providers/index.js';
import { ProwlarrClient } from '../integrations/prowlarr/index.js';
import { QbittorrentClient } from '../integrations/qbittorrent/index.js';

/**
 * Base URLs of the public services, for pointing them elsewhere (a mirror, a proxy, the test fakes). Each client
 * defaults to the real public endpoint when its entry is absent.
 */
export interface IntegrationEndpoints {
  googleBooks?: string;
  openLibrary?: string;
  audnexus?: string;
  /** May contain `{region}` (replaced by the configured Audible region). */
  audible?: string;
  hardcover?: string;
  mam?: string;
}

export interface IntegrationClientsOptions {
  logger: Logger;
  /** Overrides every service's default request timeout (service-defaults.ts), e.g. a doctor probe's budget. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The Postgres response cache and rate budgets of the service; in memory (per client) when omitted. */
  cache?: ResponseCache;
  budgetStore?: BudgetStore;
  endpoints?: IntegrationEndpoints;
  /** The process-wide MAM session state (what /ready and /status show for MyAnonamouse); a fresh one when omitted. */
  mamHealth?: MamHealth;
  /** The service's clock (rate windows, budget days, cache expiry); the system clock when omitted. */
  clock?: WaitingClock;
}

/** Every client whose integration is configured; absent = disabled (AppConfig.integrations says why). */
export interface IntegrationClients {
  abs?: AbsClient;
  qbittorrent?: QbittorrentClient;
  prowlarr?: ProwlarrClient;
  googleBooks?: GoogleBooksClient;
  openLibrary?: OpenLibraryClient;
  audnexus?: AudnexusClient;
  audible?: AudibleClient;
  hardcover?: HardcoverClient;
  /** MamClient counts its per-run budget (50 requests) per instance, so callers create one per run. */
  mam?: { health: MamHealth; create(): MamClient };
}

/** Drops undefined values so each client's own defaults apply (exactOptionalPropertyTypes-friendly spreading). */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}

/**
 * Builds the client of every configured integration from the config: base URLs, credentials, a logger and each
 * service's defaults (timeouts, rate windows, cache TTLs). Nothing is contacted here; the first call does that.
 */
export function createIntegrationClients(config: AppConfig, options: IntegrationClientsOptions): IntegrationClients {
  const enabled = (name: IntegrationName) => config.integrations.some((s) => s.name === name && s.enabled);
  const { logger, timeoutMs, retry, cache, budgetStore, clock } = options;
  const endpoints = { ...config.endpoints, ...options.endpoints };
  const common = defined({ timeoutMs, retry });
  const provider = (baseUrl: string | undefined): ProviderClientOptions => ({ logger, ...common, ...defined({ baseUrl, cache, budgetStore, clock }) });
  const clients: IntegrationClients = {};

  const { abs, qbittorrent, prowlarr, googleBooks, audible, hardcover, mam } = config;
  if (enabled('audiobookshelf') && abs.baseUrl) {
    const user = abs.username !== undefined && abs.password !== undefined ? { username: abs.username, password: abs.password } : undefined;
    // The token for REST when there is one (an API key never expires); the user for the socket, or for both.
    const auth = abs.apiToken ? { apiKey: abs.apiToken, ...(user ? { user } : {}) } : user;
    if (auth) clients.abs = new AbsClient({ baseUrl: abs.baseUrl, auth, logger, ...common });
  }
  if (enabled('qbittorrent') && qbittorrent.url) {
    // With "bypass authentication for localhost" qBittorrent accepts any login, so both may be left unset.
    clients.qbittorrent = new QbittorrentClient({
      baseUrl: qbittorrent.url,
      username: qbittorrent.username ?? 'admin',
      password: qbittorrent.password ?? '',
      logger,
      ...common,
    });
  }
  if (enabled('prowlarr') && prowlarr.url && prowlarr.apiKey) {
    clients.prowlarr = new ProwlarrClient({ baseUrl: prowlarr.url, apiKey: prowlarr.apiKey, logger, ...common });
  }
  if (enabled('googleBooks')) clients.googleBooks = new GoogleBooksClient({ ...provider(endpoints.googleBooks), ...defined({ apiKey: googleBooks.apiKey }) });
  if (enabled('openLibrary')) clients.openLibrary = new OpenLibraryClient(provider(endpoints.openLibrary));
  if (enabled('audnexus')) clients.audnexus = new AudnexusClient(provider(endpoints.audnexus));
  if (enabled('audible')) clients.audible = new AudibleClient({ ...provider(endpoints.audible), region: audible.region });
  if (enabled('hardcover') && hardcover.token) clients.hardcover = new HardcoverClient({ ...provider(endpoints.hardcover), token: hardcover.token });
  if (enabled('myAnonamouse') && mam.mamId) {
    const mamId = mam.mamId;
    const health = options.mamHealth ?? new MamHealth();
    clients.mam = { health, create: () => new MamClient({ mamId, logger, health, ...common, ...defined({ baseUrl: endpoints.mam, clock }) }) };
  }
  return clients;
}
