import type { AppConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import type { Database } from '../db/client.js';
import { createRetentionRepository } from '../db/repositories/retention.repository.js';
import { createCleanupJob } from '../jobs/definitions/cleanup.job.js';
import type { JobDefinition } from '../jobs/job-definition.js';
import { createJobRegistry, type JobRegistry } from '../jobs/job-registry.js';
import { JOB_NAMES } from '../jobs/job-names.js';

/** Every job of the service, wired to its dependencies. Checked against the catalogue before anything starts. */
export function buildJobRegistry(deps: { config: AppConfig; db: Database; clock: Clock }): JobRegistry {
  const definitions: JobDefinition<any>[] = [
    createCleanupJob({
      store: createRetentionRepository(deps.db),
      clock: deps.clock,
      policy: { ...deps.config.retention, processedEventDays: 30 },
    }),
  ];
  return createJobRegistry(definitions, JOB_NAMES);
}
