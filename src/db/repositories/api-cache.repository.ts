import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { CachedResponse, ResponseCache } from '../../core/upstream/response-cache.port.js';
import type { Database } from '../client.js';
import { apiCache } from '../schema/index.js';

/**
 * The response cache of the integration layer in Postgres (table api_cache): shared by every process, kept across
 * restarts, with a hit count per entry. Expiry is judged with the injected clock so TTLs are testable.
 */
export class ApiCacheRepository implements ResponseCache {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(service: string, key: string): Promise<CachedResponse | undefined> {
    const rows = await this.db
      .update(apiCache)
      .set({ hits: sql`${apiCache.hits} + 1` })
      .where(and(eq(apiCache.service, service), eq(apiCache.cacheKey, key), gt(apiCache.expiresAt, this.clock.now())))
      .returning({ status: apiCache.status, body: apiCache.body, expiresAt: apiCache.expiresAt, hits: apiCache.hits });
    const row = rows[0];
    if (!row) return undefined;
    return { status: row.status, body: row.body, expiresAt: row.expiresAt, hits: row.hits };
  }

  async set(service: string, key: string, entry: { status: number; body: unknown; ttlMs: number }): Promise<void> {
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + entry.ttlMs);
    await this.db
      .insert(apiCache)
      .values({ service, cacheKey: key, status: entry.status, body: entry.body ?? null, expiresAt, hits: 0 })
      .onConflictDoUpdate({
        target: [apiCache.service, apiCache.cacheKey],
        set: { status: entry.status, body: entry.body ?? null, expiresAt, hits: 0, updatedAt: now },
      });
  }

  async delete(service: string, key: string): Promise<void> {
    await this.db.delete(apiCache).where(and(eq(apiCache.service, service), eq(apiCache.cacheKey, key)));
  }

  /** Removes expired entries (for a periodic clean-up job); returns how many. */
  async pruneExpired(): Promise<number> {
    const rows = await this.db
      .delete(apiCache)
      .where(lte(apiCache.expiresAt, this.clock.now()))
      .returning({ key: apiCache.cacheKey });
    return rows.length;
  }

  /** Live entries and their total hits for one service (for `cli doctor` / status pages). */
  async stats(service: string): Promise<{ entries: number; hits: number }> {
    const rows = await this.db
      .select({ entries: sql<number>`count(*)::int`, hits: sql<number>`coalesce(sum(${apiCache.hits}), 0)::int` })
      .from(apiCache)
      .where(and(eq(apiCache.service, service), gt(apiCache.expiresAt, this.clock.now())));
    return { entries: rows[0]?.entries ?? 0, hits: rows[0]?.hits ?? 0 };
  }
}
