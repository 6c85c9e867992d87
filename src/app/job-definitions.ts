import pino, { type Logger } from 'pino';
import type { AppConfig } from '../config/config.js';
import { createIntegrationClients } from './integration-clients.js';
import { createAbsPollJob } from '../jobs/definitions/abs-poll.job.js';
import { createQbittorrentPollJob } from '../jobs/definitions/qbittorrent-poll.job.js';
import type { Clock } from '../core/clock.js';
import { handleQbittorrentCompletion } from '../core/inbox/qbittorrent-completion.js';
import type { Database, Executor, Transaction } from '../db/client.js';
import { createLibraryRepository } from '../db/repositories/library.repository.js';
import { createLibrarySync } from '../core/library/index.js';
import { handleAbsItemEvent } from '../core/inbox/abs-item-event.js';
import type { StoredEvent } from '../core/inbox/inbox-event.js';
import { createLibrarySyncJob } from '../jobs/definitions/library-sync.job.js';
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
export function buildJobRegistry(deps: {
  config: AppConfig;
  db: Database;
  clock: Clock;
  logger?: Logger;
  /** Wakes the inbox job after new events were stored (the service passes a debounced enqueue). */
  onInboxStored?: () => void;
  /** Queues a job to run now (the job store's enqueue); without it such requests wait for the job's schedule. */
  enqueue?: (job: string) => Promise<void>;
}): JobRegistry {
  const outbox = new NotificationRepository(deps.db);
  const logger = deps.logger ?? pino({ level: 'silent' });
  const inbox = createInboxRepository(deps.db);
  const { abs, qbittorrent } = createIntegrationClients(deps.config, { logger });
  const syncWith = (store: Executor) =>
    abs ? createLibrarySync({ source: abs, store: createLibraryRepository(store), clock: deps.clock, logger }) : undefined;
  const librarySync = syncWith(deps.db);
  const absEvents = (event: StoredEvent, tx: Transaction) => {
    // Inside the event's transaction: the mirror change and "processed" commit together.
    const sync = syncWith(tx)!;
    return handleAbsItemEvent(event, {
      syncItem: sync.syncItem,
      removeItem: sync.removeItem,
      requestFullSync: async () => deps.enqueue?.('library-sync'),
    });
  };
  const definitions: JobDefinition<any>[] = [
    createCleanupJob({
      store: createRetentionRepository(deps.db),
      clock: deps.clock,
      policy: { ...deps.config.retention, processedEventDays: 30 },
    }),
    createAbsPollJob({ abs, inbox, onStored: deps.onInboxStored ?? (() => {}) }),
    createLibrarySyncJob({ sync: librarySync }),
    createQbittorrentPollJob({ qbittorrent, db: deps.db, inbox, onStored: deps.onInboxStored ?? (() => {}) }),
    createInboxJob({
      inbox,
      handlers: {
        qbittorrent: (event, tx) => handleQbittorrentCompletion(event, createCompletionRecorder(tx, outbox)),
        // Without Audiobookshelf configured its events stay pending (kept, not dropped) until it is.
        ...(abs ? { audiobookshelf: absEvents, 'abs-socket': absEvents, 'abs-poll': absEvents } : {}),
      },
    }),
  ];
  return createJobRegistry(definitions, JOB_NAMES);
}
