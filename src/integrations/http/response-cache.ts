import type { Clock } from './clock.js';
import { systemClock } from './clock.js';

/** One stored upstream answer: the raw body (re-validated by the caller's schema on every hit). */
export interface CachedResponse {
  status: number;
  body: unknown;
  expiresAt: Date;
  hits: number;
}

/**
 * Successful upstream answers keyed by (service, key). The Postgres implementation lives in
 * src/db/repositories/api-cache.repository.ts; only 2xx bodies that passed validation are ever stored.
 */
export interface ResponseCache {
  /** The live (unexpired) entry, counting a hit; undefined when absent or expired. */
  get(service: string, key: string): Promise<CachedResponse | undefined>;
  set(service: string, key: string, entry: { status: number; body: unknown; ttlMs: number }): Promise<void>;
  delete(service: string, key: string): Promise<void>;
}

/** Bounded in-memory cache (oldest entry evicted first), for tests and database-less runs. */
export class MemoryResponseCache implements ResponseCache {
  private readonly entries = new Map<string, CachedResponse>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly maxEntries = 1_000,
  ) {}

  async get(service: string, key: string): Promise<CachedResponse | undefined> {
    const id = `${service}\u0000${key}`;
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt.getTime() <= this.clock.now()) {
      this.entries.delete(id);
      return undefined;
    }
    entry.hits += 1;
    return { ...entry };
  }

  async set(service: string, key: string, entry: { status: number; body: unknown; ttlMs: number }): Promise<void> {
    const id = `${service}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, { status: entry.status, body: entry.body, expiresAt: new Date(this.clock.now() + entry.ttlMs), hits: 0 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(service: string, key: string): Promise<void> {
    this.entries.delete(`${service}\u0000${key}`);
  }
}
