import type { RateWindow } from './rate-limiter.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface ServiceDefaults {
  timeoutMs: number;
  windows: RateWindow[];
  /** Response-cache TTL for cacheable reads; undefined = this service is not cached. */
  cacheTtlMs?: number;
}

/**
 * Per-service defaults, chosen to stay inside each provider's published limits:
 * Google Books' keyed quota is 1,000/day (janeczku/calibre-web PR #3281; persisted: it must hold across restarts),
 * Open Library asks for gentleness (internetarchive/openlibrary `docker/nginx.conf` allows 180/min; we take 30/min
 * and 500/hour), Audnexus allows 100/min per IP (audnexus `src/server.ts`), Hardcover 60/min (and 5,000/day on the
 * free plan; hardcover-docs `api/Getting-Started.mdx`), MAM's automation norms (not public; as its open-source
 * clients practise them) are a request every few seconds and few per run.
 */
export const SERVICE_DEFAULTS = {
  'google-books': {
    timeoutMs: 10 * SECOND,
    windows: [
      { name: 'minute', limit: 60, windowMs: MINUTE },
      { name: 'day', limit: 1_000, windowMs: DAY, persistent: true },
    ],
    cacheTtlMs: DAY,
  },
  'open-library': {
    // Open Library is often multi-second slow (internetarchive/openlibrary issue #5480).
    timeoutMs: 20 * SECOND,
    windows: [
      { name: 'minute', limit: 30, windowMs: MINUTE },
      { name: 'hour', limit: 500, windowMs: HOUR, persistent: true },
    ],
    cacheTtlMs: 72 * HOUR,
  },
  audnexus: {
    timeoutMs: 10 * SECOND,
    windows: [{ name: 'minute', limit: 100, windowMs: MINUTE }],
    cacheTtlMs: DAY,
  },
  // Audible's catalogue API publishes no limit (mkb79/Audible `docs/source/misc/external_api.rst`): far below the
  // 1 per 150 ms ABS allows itself towards Audnexus (`server/providers/Audnexus.js`), and cached for days,
  // since products rarely change.
  audible: {
    timeoutMs: 10 * SECOND,
    windows: [
      { name: 'minute', limit: 60, windowMs: MINUTE },
      { name: 'hour', limit: 1_500, windowMs: HOUR, persistent: true },
    ],
    cacheTtlMs: 7 * DAY,
  },
  hardcover: {
    timeoutMs: 15 * SECOND,
    windows: [
      { name: 'minute', limit: 60, windowMs: MINUTE },
      { name: 'day', limit: 5_000, windowMs: DAY, persistent: true },
    ],
    cacheTtlMs: DAY,
  },
  mam: {
    timeoutMs: 20 * SECOND,
    windows: [
      { name: '3 seconds', limit: 1, windowMs: 3 * SECOND },
      { name: 'run', limit: 50, windowMs: Number.POSITIVE_INFINITY },
    ],
  },
  // Local services on the operator's own network: limits only guard against runaway loops.
  audiobookshelf: { timeoutMs: 15 * SECOND, windows: [{ name: 'second', limit: 50, windowMs: SECOND }] },
  qbittorrent: { timeoutMs: 10 * SECOND, windows: [{ name: 'second', limit: 50, windowMs: SECOND }] },
  prowlarr: { timeoutMs: 60 * SECOND, windows: [{ name: 'second', limit: 20, windowMs: SECOND }] },
} satisfies Record<string, ServiceDefaults>;

export type KnownService = keyof typeof SERVICE_DEFAULTS;
