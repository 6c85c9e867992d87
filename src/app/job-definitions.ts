import type { AppConfig } from '../config/config.js';
import type { Clock } from '../core/clock.js';
import { handleQbittorrentCompletion } from '../core/inbox/qbittorrent-completion.js';
import type { Database } from '../db/client.js';
import { createCompletionRecorder } from '../db/repositories/download-completion.repository.js';
import { createInboxRepository } from '../db/repositories/inbox.repository.js';
import { NotificationRepository } from '../db/repositories/notification.repository.js';
import { createRetentionRepository } from '../db/repositories/retention.repository.js';
import { createCleanupJob } from '../jobs/definitions/cleanup.job.js';
import { createInboxJob } from '../jobs/definitions/inbox.job.js';
import type { JobDefinition } from '../jobs/job-definition.js';
import { createJobRegistry, type JobRegistry } from '../jobs/job-registry.js';
import { JOB_NAMES } from '../jobs/job-names.js';

/** Every job of the service, wired to its dependencies. Checked against the catalogue before anything starts. */
export function buildJobRegistry(deps: { config: AppConfig; db: Database; clock: Clock }): JobRegistry {
  const outbox = new NotificationRepository(deps.db);
  const definitions: JobDefinition<any>[] = [
    createCleanupJob({
      store: createRetentionRepository(deps.db),
      clock: deps.clock,
      policy: { ...deps.config.retention, processedEventDays: 30 },
    }),
    createInboxJob({
      inbox: createInboxRepository(deps.db),
      handlers: {
        qbittorrent: (event, tx) => handleQbittorrentCompletion(event, createCompletionRecorder(tx, outbox)),
      },
    }),
  ];
  return createJobRegistry(definitions, JOB_NAMES);
}
