import type { BudgetStore } from '../../core/upstream/rate-budget.port.js';

export type { BudgetStore };

/** In-process store: for tests and for deployments without a database. */
export class MemoryBudgetStore implements BudgetStore {
  private readonly counts = new Map<string, number>();

  async tryConsume(service: string, windowKey: string, limit: number, cost: number): Promise<boolean> {
    const key = `${service}\u0000${windowKey}`;
    const used = this.counts.get(key) ?? 0;
    if (used + cost > limit) return false;
    this.counts.set(key, used + cost);
    return true;
  }

  async used(service: string, windowKey: string): Promise<number> {
    return this.counts.get(`${service}\u0000${windowKey}`) ?? 0;
  }
}
