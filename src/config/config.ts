import path from 'node:path';
import type { Env } from './env-schema.js';

export type IntegrationName =
  | 'discord'
  | 'audiobookshelf'
  | 'qbittorrent'
  | 'prowlarr'
  | 'googleBooks'
  | 'openLibrary'
  | 'audnexus'
  | 'audible'
  | 'hardcover'
  | 'myAnonamouse'
  | 'webhooks'
  | 'restApi'
  | 'import';

export interface IntegrationSetting {
  name: IntegrationName;
  enabled: boolean;
  /** Why it is disabled, naming the missing settings. */
  reason?: string;
}

/** The nested, typed configuration every part of the service receives (never `process.env`). */
export interface AppConfig {
  nodeEnv: Env['NODE_ENV'];
  dataDir: string;
  /** `trustProxy`: express's trust-proxy value (TRUST_PROXY), false unless set. */
  http: { host: string; port: number; trustProxy: boolean | number | string[] };
  log: { level: Env['LOG_LEVEL'] };
  database: { url?: string; embeddedPort: number };
  jobs: { mongodbUrl?: string };
  security: { webhookSecret?: string; apiKey?: string };
  discord: {
    token?: string;
    applicationId?: string;
    guildId?: string;
    notifyChannelId?: string;
    roles: { requester?: string; approver?: string; admin?: string };
    apiBaseUrl: string;
  };
  /** ABS: a token for REST (API key or legacy token) and/or a dedicated user (REST and live events). */
  abs: { baseUrl?: string; apiToken?: string; username?: string; password?: string };
  qbittorrent: { url?: string; username?: string; password?: string; category: string };
  prowlarr: { url?: string; apiKey?: string };
  /** Base URLs of the public services (undefined: the service's real address). */
  endpoints: { googleBooks?: string; openLibrary?: string; audnexus?: string; audible?: string; hardcover?: string; mam?: string };
  /** The Audible marketplace whose catalogue (and ASINs) the service uses. */
  audible: { region: Env['AUDIBLE_REGION'] };
  googleBooks: { apiKey?: string };
  hardcover: { token?: string };
  mam: { mamId?: string };
  paths: { libraryRoot?: string; downloadRoot?: string };
  /** How finished downloads are filed into the library (IMPORT_PATH_TEMPLATE, IMPORT_MODE). */
  import: { pathTemplate: string; mode: Env['IMPORT_MODE'] };
  workflows: {
    top10: { enabled: boolean; autoDownload: boolean; minSeeders: number; maxPerGenre: number };
    metadata: { enabled: boolean; batchSize: number; dryRun: boolean; newDays: number };
    series: { enabled: boolean; minBooks: number; maxMissing: number; autoDownload: boolean };
    author: { enabled: boolean; topCount: number; minBooks: number; maxMissing: number; autoDownload: boolean };
  };
  retention: { taskRunDays: number; taskRunMinKeep: number; failedAttemptDays: number };
  /** MAX_ACTIVE_DOWNLOADS, DOWNLOAD_STALL_MINUTES, MAM_MIN_BUFFER_GB. */
  acquisition: { maxActiveDownloads: number; stallMs: number; mamMinBufferBytes: number };
  health: { intervalMs: number };
  integrations: IntegrationSetting[];
  /** Every secret value in force, for log redaction and masking. */
  secretValues: string[];
}

function requireAll(name: IntegrationName, vars: Record<string, unknown>): IntegrationSetting {
  const missing = Object.entries(vars)
    .filter(([, v]) => v === undefined)
    .map(([k]) => k);
  return missing.length === 0 ? { name, enabled: true } : { name, enabled: false, reason: `${missing.join(', ')} not set` };
}

/** Audiobookshelf needs its URL and a credential: a token (ABS_API_TOKEN), a user (ABS_USERNAME + ABS_PASSWORD), or both. */
function absSetting(env: Env): IntegrationSetting {
  const name: IntegrationName = 'audiobookshelf';
  if (env.ABS_BASE_URL === undefined) return { name, enabled: false, reason: 'ABS_BASE_URL not set' };
  if ((env.ABS_USERNAME === undefined) !== (env.ABS_PASSWORD === undefined)) {
    return { name, enabled: false, reason: `${env.ABS_USERNAME === undefined ? 'ABS_USERNAME' : 'ABS_PASSWORD'} not set (ABS_USERNAME and ABS_PASSWORD go together)` };
  }
  if (env.ABS_API_TOKEN === undefined && env.ABS_USERNAME === undefined) return { name, enabled: false, reason: 'ABS_API_TOKEN (or ABS_USERNAME and ABS_PASSWORD) not set' };
  return { name, enabled: true };
}

function integrationSettings(env: Env): IntegrationSetting[] {
  return [
    requireAll('discord', { DISCORD_TOKEN: env.DISCORD_TOKEN, DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID, DISCORD_GUILD_ID: env.DISCORD_GUILD_ID }),
    absSetting(env),
    requireAll('qbittorrent', { QBITTORRENT_URL: env.QBITTORRENT_URL }),
    requireAll('prowlarr', { PROWLARR_URL: env.PROWLARR_URL, PROWLARR_API_KEY: env.PROWLARR_API_KEY }),
    // Google Books answers without a key too, on a smaller shared quota.
    { name: 'googleBooks', enabled: true },
    { name: 'openLibrary', enabled: true },
    { name: 'audnexus', enabled: true },
    { name: 'audible', enabled: true },
    requireAll('hardcover', { HARDCOVER_API_TOKEN: env.HARDCOVER_API_TOKEN }),
    requireAll('myAnonamouse', { MAM_ID: env.MAM_ID }),
    requireAll('webhooks', { WEBHOOK_SECRET: env.WEBHOOK_SECRET }),
    requireAll('restApi', { API_KEY: env.API_KEY }),
    requireAll('import', { LIBRARY_ROOT: env.LIBRARY_ROOT, DOWNLOAD_ROOT: env.DOWNLOAD_ROOT }),
  ];
}

/** Secret values, plus the password inside a connection URL (it can show up on its own in a driver's error). */
export function collectSecretValues(env: Partial<Record<string, unknown>>, keys: ReadonlyArray<string>): string[] {
  const values = new Set<string>();
  for (const key of keys) {
    const value = env[key];
    if (typeof value !== 'string' || value.length === 0) continue;
    values.add(value);
    if (/^[a-z+]+:\/\//i.test(value)) {
      try {
        const password = decodeURIComponent(new URL(value).password);
        if (password.length >= 4) values.add(password);
      } catch {
        // not a URL after all: the whole value is already masked
      }
    }
  }
  return [...values];
}

export function buildConfig(env: Env, secretValues: string[]): AppConfig {
  return {
    nodeEnv: env.NODE_ENV,
    dataDir: path.resolve(env.DATA_DIR),
    http: { host: env.HTTP_HOST, port: env.HTTP_PORT, trustProxy: env.TRUST_PROXY },
    log: { level: env.LOG_LEVEL },
    database: { url: env.DATABASE_URL, embeddedPort: env.EMBEDDED_POSTGRES_PORT },
    jobs: { mongodbUrl: env.MONGODB_URL },
    security: { webhookSecret: env.WEBHOOK_SECRET, apiKey: env.API_KEY },
    discord: {
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      guildId: env.DISCORD_GUILD_ID,
      notifyChannelId: env.DISCORD_NOTIFY_CHANNEL_ID,
      roles: { requester: env.DISCORD_REQUESTER_ROLE_ID, approver: env.DISCORD_APPROVER_ROLE_ID, admin: env.DISCORD_ADMIN_ROLE_ID },
      apiBaseUrl: env.DISCORD_API_BASE_URL.replace(/\/+$/, ''),
    },
    abs: { baseUrl: env.ABS_BASE_URL, apiToken: env.ABS_API_TOKEN, username: env.ABS_USERNAME, password: env.ABS_PASSWORD },
    qbittorrent: { url: env.QBITTORRENT_URL, username: env.QBITTORRENT_USERNAME, password: env.QBITTORRENT_PASSWORD, category: env.QBITTORRENT_CATEGORY },
    prowlarr: { url: env.PROWLARR_URL, apiKey: env.PROWLARR_API_KEY },
    endpoints: {
      googleBooks: env.GOOGLE_BOOKS_BASE_URL,
      openLibrary: env.OPEN_LIBRARY_BASE_URL,
      audnexus: env.AUDNEXUS_BASE_URL,
      audible: env.AUDIBLE_BASE_URL,
      hardcover: env.HARDCOVER_BASE_URL,
      mam: env.MAM_BASE_URL,
    },
    audible: { region: env.AUDIBLE_REGION },
    googleBooks: { apiKey: env.GOOGLE_BOOKS_API_KEY },
    hardcover: { token: env.HARDCOVER_API_TOKEN },
    mam: { mamId: env.MAM_ID },
    paths: { libraryRoot: env.LIBRARY_ROOT, downloadRoot: env.DOWNLOAD_ROOT },
    import: { pathTemplate: env.IMPORT_PATH_TEMPLATE, mode: env.IMPORT_MODE },
    workflows: {
      top10: { enabled: env.ENABLE_TOP10_DISCOVERY, autoDownload: env.TOP10_AUTO_DOWNLOAD, minSeeders: env.TOP10_MIN_SEEDERS, maxPerGenre: env.TOP10_MAX_PER_GENRE },
      metadata: { enabled: env.ENABLE_METADATA_CORRECTION, batchSize: env.METADATA_BATCH_SIZE, dryRun: env.METADATA_DRY_RUN, newDays: env.METADATA_NEW_DAYS },
      series: { enabled: env.ENABLE_SERIES_COMPLETION, minBooks: env.SERIES_MIN_BOOKS, maxMissing: env.SERIES_MAX_MISSING, autoDownload: env.SERIES_AUTO_DOWNLOAD },
      author: {
        enabled: env.ENABLE_AUTHOR_COMPLETION,
        topCount: env.AUTHOR_TOP_COUNT,
        minBooks: env.AUTHOR_MIN_BOOKS,
        maxMissing: env.AUTHOR_MAX_MISSING,
        autoDownload: env.AUTHOR_AUTO_DOWNLOAD,
      },
    },
    retention: { taskRunDays: env.TASK_RETENTION_DAYS, taskRunMinKeep: env.TASK_MIN_KEEP, failedAttemptDays: env.FAILED_ATTEMPT_RETENTION_DAYS },
    acquisition: {
      maxActiveDownloads: env.MAX_ACTIVE_DOWNLOADS,
      stallMs: env.DOWNLOAD_STALL_MINUTES * 60_000,
      mamMinBufferBytes: env.MAM_MIN_BUFFER_GB * 1024 ** 3,
    },
    health: { intervalMs: env.HEALTH_CHECK_INTERVAL_SECONDS * 1000 },
    integrations: integrationSettings(env),
    secretValues,
  };
}
