/** One stored upstream answer: the raw body (re-validated by the caller's schema on every hit). */
export interface CachedResponse {
  status: number;
  body: unknown;
  expiresAt: Date;
  hits: number;
}

/**
 * Successful upstream answers keyed by (service, key). The Postgres implementation is
 * src/db/repositories/api-cache.repository.ts (an in-memory one is in src/integrations/http/response-cache.ts); only 2xx bodies that passed validation are ever stored.
 */
export interface ResponseCache {
  /** The live (unexpired) entry, counting a hit; undefined when absent or expired. */
  get(service: string, key: string): Promise<CachedResponse | undefined>;
  set(service: string, key: string, entry: { status: number; body: unknown; ttlMs: number }): Promise<void>;
  delete(service: string, key: string): Promise<void>;
}

