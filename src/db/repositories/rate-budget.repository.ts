import { and, eq, lt, sql } from 'drizzle-orm';
import type { BudgetStore } from '../../core/upstream/rate-budget.port.js';
import type { Database } from '../client.js';
import { rateBudgets } from '../schema/index.js';

/**
 * Long-window request budgets (per day, per hour) in Postgres (table rate_budgets). The consume is one atomic
 * statement, so several processes sharing an API key can never overspend it together.
 */
export class RateBudgetRepository implements BudgetStore {
  constructor(private readonly db: Database) {}

  async tryConsume(service: string, windowKey: string, limit: number, cost: number): Promise<boolean> {
    if (cost > limit) return false;
    // INSERT … ON CONFLICT DO UPDATE … WHERE: the update (and so the RETURNING row) only happens while under the limit.
    const rows = await this.db
      .insert(rateBudgets)
      .values({ service, windowKey, used: cost })
      .onConflictDoUpdate({
        target: [rateBudgets.service, rateBudgets.windowKey],
        set: { used: sql`${rateBudgets.used} + ${cost}`, updatedAt: sql`now()` },
        setWhere: sql`${rateBudgets.used} + ${cost} <= ${limit}`,
      })
      .returning({ used: rateBudgets.used });
    return rows.length > 0;
  }

  async used(service: string, windowKey: string): Promise<number> {
    const rows = await this.db
      .select({ used: rateBudgets.used })
      .from(rateBudgets)
      .where(and(eq(rateBudgets.service, service), eq(rateBudgets.windowKey, windowKey)));
    return rows[0]?.used ?? 0;
  }

  /** Deletes windows not touched since `before` (old days); returns how many. */
  async pruneOlderThan(before: Date): Promise<number> {
    const rows = await this.db.delete(rateBudgets).where(lt(rateBudgets.updatedAt, before)).returning({ key: rateBudgets.windowKey });
    return rows.length;
  }
}
