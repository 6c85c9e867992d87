import { isIP } from 'node:net';
import { z } from 'zod';
import { AUDIBLE_REGIONS } from '../integrations/audible/audible.types.js';
import { IMPORT_MODES } from '../core/import/library-files.port.js';
import { DEFAULT_PATH_TEMPLATE, parsePathTemplate, PathTemplateError } from '../core/import/path-template.js';

/** "" in an env file means "not set", as users expect from `KEY=` lines. */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess((v) => (v === '' || v === undefined ? fallback : v), schema);

const bool = (fallback: boolean) =>
  withDefault(
    z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'], { message: 'expected true or false' }))
      .transform((v) => ['true', '1', 'yes', 'on'].includes(v)),
    String(fallback),
  );

const int = (fallback: number, min: number, max: number) =>
  withDefault(
    z.coerce
      .number({ message: 'expected a whole number' })
      .int({ message: 'expected a whole number' })
      .min(min, { message: `expected at least ${min}` })
      .max(max, { message: `expected at most ${max}` }),
    fallback,
  );

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'expected an http:// or https:// URL');

const postgresUrl = z
  .string()
  .trim()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), 'expected a postgres:// or postgresql:// URL');

const mongoUrl = z
  .string()
  .trim()
  .refine((v) => /^mongodb(\+srv)?:\/\//.test(v), 'expected a mongodb:// or mongodb+srv:// URL');

/**
 * Express's `trust proxy`: whose X-Forwarded-For names the client (rate limits count by that address). Off unless set:
 * true/false, a hop count, or a comma list of addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
 */
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const isAddressOrRange = (item: string) => {
  const [address, prefix, ...rest] = item.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};
const trustProxy = withDefault(
  z
    .string()
    .trim()
    .transform((value, ctx): boolean | number | string[] => {
      const lower = value.toLowerCase();
      if (['false', 'off', 'no'].includes(lower)) return false;
      if (['true', 'on', 'yes'].includes(lower)) return true;
      if (/^\d{1,2}$/.test(value)) return Number(value);
      const items = value.split(',').map((item) => item.trim()).filter(Boolean);
      const bad = items.filter((item) => !TRUST_PROXY_NAMES.has(item.toLowerCase()) && !isAddressOrRange(item));
      if (items.length === 0 || bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: `expected true, false, a hop count, or addresses, CIDR ranges, loopback, linklocal, uniquelocal (comma-separated); not ${bad.join(', ') || 'empty'}` });
        return z.NEVER;
      }
      return items.map((item) => (TRUST_PROXY_NAMES.has(item.toLowerCase()) ? item.toLowerCase() : item));
    }),
  'false',
);

/** IMPORT_PATH_TEMPLATE, checked by the template parser itself (an unknown placeholder names the known ones). */
const importPathTemplate = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    try {
      parsePathTemplate(value);
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: error instanceof PathTemplateError ? error.message : String(error) });
    }
  });

/** Discord ids are snowflakes: 17-20 digits. */
const snowflake = z.string().trim().regex(/^\d{17,20}$/, 'expected a Discord id (17-20 digits)');
const secret = z.string().min(1);

/**
 * Every environment variable the service reads. Names are the public interface (README's configuration table);
 * src/config/load-config.ts turns the flat result into the nested config.
 */
export const envSchema = z.object({
  NODE_ENV: withDefault(z.enum(['production', 'development', 'test']), 'production'),
  DATA_DIR: withDefault(z.string().trim().min(1), './data'),
  HTTP_HOST: withDefault(z.string().trim().min(1), '127.0.0.1'),
  HTTP_PORT: int(8788, 0, 65535),
  TRUST_PROXY: trustProxy,
  LOG_LEVEL: withDefault(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),

  DATABASE_URL: optional(postgresUrl),
  EMBEDDED_POSTGRES_PORT: int(0, 0, 65535),
  MONGODB_URL: optional(mongoUrl),

  WEBHOOK_SECRET: optional(secret.min(16, { message: 'expected at least 16 characters' })),
  API_KEY: optional(secret.min(16, { message: 'expected at least 16 characters' })),

  DISCORD_TOKEN: optional(secret),
  DISCORD_APPLICATION_ID: optional(snowflake),
  DISCORD_GUILD_ID: optional(snowflake),
  DISCORD_NOTIFY_CHANNEL_ID: optional(snowflake),
  DISCORD_REQUESTER_ROLE_ID: optional(snowflake),
  DISCORD_APPROVER_ROLE_ID: optional(snowflake),
  DISCORD_ADMIN_ROLE_ID: optional(snowflake),
  DISCORD_API_BASE_URL: withDefault(httpUrl, 'https://discord.com/api'),

  ABS_BASE_URL: optional(httpUrl),
  ABS_API_TOKEN: optional(secret),
  /** A dedicated ABS user for the service: live events (ABS's socket refuses API keys), and REST without a token. */
  ABS_USERNAME: optional(z.string().trim().min(1)),
  ABS_PASSWORD: optional(secret),
  QBITTORRENT_URL: optional(httpUrl),
  QBITTORRENT_USERNAME: optional(z.string()),
  QBITTORRENT_PASSWORD: optional(secret),
  QBITTORRENT_CATEGORY: withDefault(z.string().trim().min(1), 'audiobooks'),
  PROWLARR_URL: optional(httpUrl),
  PROWLARR_API_KEY: optional(secret),
  GOOGLE_BOOKS_API_KEY: optional(secret),
  // Upstream addresses of the public services: their real ones by default; set to use a mirror, a proxy or a fake.
  GOOGLE_BOOKS_BASE_URL: optional(httpUrl),
  OPEN_LIBRARY_BASE_URL: optional(httpUrl),
  AUDNEXUS_BASE_URL: optional(httpUrl),
  // `{region}` in it stands for AUDIBLE_REGION (one address for every marketplace, e.g. a proxy or the test fake).
  AUDIBLE_BASE_URL: optional(httpUrl),
  HARDCOVER_BASE_URL: optional(httpUrl),
  MAM_BASE_URL: optional(httpUrl),
  HARDCOVER_API_TOKEN: optional(secret),
  AUDIBLE_REGION: withDefault(z.enum(AUDIBLE_REGIONS), 'us'),
  MAM_ID: optional(secret),
  LIBRARY_ROOT: optional(z.string().trim().min(1)),
  DOWNLOAD_ROOT: optional(z.string().trim().min(1)),
  /** Where an imported book goes under LIBRARY_ROOT: placeholders and optional <…> parts, see docs/import.md. */
  IMPORT_PATH_TEMPLATE: withDefault(importPathTemplate, DEFAULT_PATH_TEMPLATE),
  /** hardlink (copies across filesystems; the torrent keeps seeding), copy, or move (seeding stops). */
  IMPORT_MODE: withDefault(z.enum(IMPORT_MODES), 'hardlink'),

  ENABLE_TOP10_DISCOVERY: bool(true),
  ENABLE_METADATA_CORRECTION: bool(true),
  ENABLE_SERIES_COMPLETION: bool(true),
  ENABLE_AUTHOR_COMPLETION: bool(true),
  TOP10_AUTO_DOWNLOAD: bool(false),
  TOP10_MIN_SEEDERS: int(50, 0, 100_000),
  TOP10_MAX_PER_GENRE: int(3, 1, 10),
  METADATA_BATCH_SIZE: int(50, 1, 1000),
  METADATA_DRY_RUN: bool(false),
  METADATA_NEW_DAYS: int(7, 1, 365),
  SERIES_MIN_BOOKS: int(2, 1, 100),
  SERIES_MAX_MISSING: int(10, 1, 500),
  SERIES_AUTO_DOWNLOAD: bool(false),
  AUTHOR_TOP_COUNT: int(50, 1, 1000),
  AUTHOR_MIN_BOOKS: int(3, 1, 100),
  AUTHOR_MAX_MISSING: int(20, 1, 500),
  AUTHOR_AUTO_DOWNLOAD: bool(false),
  TASK_RETENTION_DAYS: int(90, 1, 3650),
  TASK_MIN_KEEP: int(1000, 0, 1_000_000),
  FAILED_ATTEMPT_RETENTION_DAYS: int(180, 1, 3650),
  /** Approved books beyond this many active downloads (searching, grabbed, downloading) wait in APPROVED, in approval order. */
  MAX_ACTIVE_DOWNLOADS: int(5, 1, 1000),
  /** A download with no data and no seed connected for this long is stalled: a download failure, the next release tried. */
  DOWNLOAD_STALL_MINUTES: int(120, 1, 10_080),
  /** MyAnonamouse: the upload buffer (uploaded − downloaded) a non-freeleech grab must leave. */
  MAM_MIN_BUFFER_GB: int(10, 0, 100_000),
  /** How often the health of local services (ABS, qBittorrent, Prowlarr, Discord, folders) is checked; internet providers far less often. */
  HEALTH_CHECK_INTERVAL_SECONDS: int(60, 1, 3600),
});

export type Env = z.output<typeof envSchema>;

/** Variables whose values are secrets: never printed, logged, or echoed in an error. */
export const SECRET_KEYS = [
  'DATABASE_URL',
  'MONGODB_URL',
  'WEBHOOK_SECRET',
  'API_KEY',
  'DISCORD_TOKEN',
  'ABS_API_TOKEN',
  'ABS_PASSWORD',
  'QBITTORRENT_PASSWORD',
  'PROWLARR_API_KEY',
  'GOOGLE_BOOKS_API_KEY',
  'HARDCOVER_API_TOKEN',
  'MAM_ID',
] as const satisfies ReadonlyArray<keyof Env>;
