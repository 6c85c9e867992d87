import type { WaitingClock as Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { CachedResponse, ResponseCache } from '../../core/upstream/response-cache.port.js';

export type { CachedResponse, ResponseCache };

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
    if (entry.expiresAt <= this.clock.now()) {
      this.entries.delete(id);
      return undefined;
    }
    entry.hits += 1;
    return { ...entry };
  }

  async set(service: string, key: string, entry: { status: number; body: unknown; ttlMs: number }): Promise<void> {
    const id = `${service}\u0000${key}`;
    this.entries.delete(id);
    this.entries.set(id, { status: entry.status, body: entry.body, expiresAt: new Date(this.clock.now().getTime() + entry.ttlMs), hits: 0 });
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
