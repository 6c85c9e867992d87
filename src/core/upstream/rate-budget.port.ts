/**
 * Where persistent rate budgets (e.g. Google Books' 1,000 queries/day) are counted. The Postgres implementation
 * (src/db/repositories/rate-budget.repository.ts) makes the budget hold across restarts and across processes.
 */
export interface BudgetStore {
  /**
   * Atomically adds `cost` to the usage of (service, windowKey) unless the total would exceed `limit`.
   * Resolves true when the budget was consumed, false when it is exhausted (nothing is added then).
   */
  tryConsume(service: string, windowKey: string, limit: number, cost: number): Promise<boolean>;
  /** Current usage (0 when never used). */
  used(service: string, windowKey: string): Promise<number>;
}

