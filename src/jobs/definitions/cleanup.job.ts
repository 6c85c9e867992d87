import type { Clock } from '../../core/clock.js';
import { applyRetention, type RetentionPolicy, type RetentionStore } from '../../core/maintenance/retention.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

/** Daily at 01:00 UTC: applies the retention settings (task runs, failed attempts, cache, processed events). */
export function createCleanupJob(deps: { store: RetentionStore; clock: Clock; policy: RetentionPolicy }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'cleanup',
    description: 'Deletes old task runs (keeping the newest), expired cache, old non-permanent failures and processed events',
    schedule: { cron: '0 1 * * *', timezone: 'UTC' },
    data: JOB_DATA.cleanup,
    run: () => applyRetention({ store: deps.store, clock: deps.clock }, deps.policy),
  };
}
