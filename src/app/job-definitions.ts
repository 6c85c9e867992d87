import { createDownloadMonitor } from '../core/acquisition/download-monitor.js';
import { createSearchApproved } from '../core/acquisition/search-approved.js';
import { createWantedOperations } from '../core/acquisition/wanted-operations.js';
import type { Clock } from '../core/clock.js';
import { createLibrarySync } from '../core/library/index.js';
import { handleAbsItemEvent } from '../core/inbox/abs-item-event.js';
import type { StoredEvent } from '../core/inbox/inbox-event.js';
import { handleQbittorrentCompletion } from '../core/inbox/qbittorrent-completion.js';
import type { Executor, Transaction } from '../db/client.js';
import { createCompletionRecorder } from '../db/repositories/download-completion.repository.js';
import { createWantedBookRepository } from '../db/repositories/wanted-book.repository.js';
import { createDownloadMonitorJob } from '../jobs/definitions/download-monitor.job.js';
import { createRetryDueJob } from '../jobs/definitions/retry-due.job.js';
import { createOwnedSweepJob } from '../jobs/definitions/owned-sweep.job.js';
import { createOwnedSweep } from '../core/acquisition/owned-sweep.js';
import { createSearchApprovedJob } from '../jobs/definitions/search-approved.job.js';
import { createAbsPollJob } from '../jobs/definitions/abs-poll.job.js';
import { createCleanupJob } from '../jobs/definitions/cleanup.job.js';
import { createInboxJob } from '../jobs/definitions/inbox.job.js';
import { createLibrarySyncJob } from '../jobs/definitions/library-sync.job.js';
import { createQbittorrentPollJob } from '../jobs/definitions/qbittorrent-poll.job.js';
import { JOB_NAMES } from '../jobs/job-catalogue.js';
import type { JobDefinition } from '../jobs/job-definition.js';
import type { EnqueueJob } from '../jobs/job-queue.js';
import { createJobRegistry, type JobRegistry } from '../jobs/job-registry.js';
import { mamSearcher, prowlarrSearcher, qbittorrentPort } from './acquisition-ports.js';
import type { Services } from './services.js';

/**
 * Every job of the service, each given the narrow parts of the services it uses. Checked against the catalogue before
 * anything starts.
 */
export function buildJobRegistry(
  services: Pick<Services, 'config' | 'logger' | 'repositories' | 'clients'> & { clock: Clock },
  wiring: {
    /** Wakes the inbox job after new events were stored (the service passes a debounced, deduplicated enqueue). */
    onInboxStored?: () => void;
    /** Queues a job to run now; without it (one-shot CLI runs) such requests wait for the job's schedule. */
    enqueue?: EnqueueJob;
  } = {},
): JobRegistry {
  const { config, clock, logger, repositories, clients } = services;
  const { abs, qbittorrent } = clients;
  const onStored = wiring.onInboxStored ?? (() => {});
  const syncWith = (store?: Executor) => (abs ? createLibrarySync({ source: abs, store: repositories.library(store), clock, logger }) : undefined);
  const absEvents = (event: StoredEvent, tx: Transaction) => {
    // Inside the event's transaction: the mirror change and "processed" commit together.
    const sync = syncWith(tx)!;
    return handleAbsItemEvent(event, {
      syncItem: sync.syncItem,
      removeItem: sync.removeItem,
      syncItemsOf: sync.syncItemsOf,
      requestFullSync: async () => wiring.enqueue?.('library-sync', {}, { dedupeKey: 'full' }),
    });
  };
  // Acquisition: the wanted operations (the one writer of wanted_books), the indexers and qBittorrent as ports.
  const { series, author, top10 } = config.workflows;
  const operations = createWantedOperations({
    store: repositories.wanted,
    clock,
    autoApprove: { SERIES_GAP: series.autoDownload, AUTHOR_GAP: author.autoDownload, TOP_LIST: top10.autoDownload },
  });
  const searchers = [
    ...(clients.prowlarr ? [prowlarrSearcher(clients.prowlarr)] : []),
    ...(clients.mam ? [mamSearcher(clients.mam.create, config.endpoints.mam)] : []),
  ];
  const torrents = qbittorrent ? qbittorrentPort(qbittorrent) : undefined;
  const acquisitionSettings = {
    category: config.qbittorrent.category,
    downloadRoot: config.paths.downloadRoot,
    mamMinBufferBytes: config.acquisition.mamMinBufferBytes,
    maxActiveDownloads: config.acquisition.maxActiveDownloads,
    stallMs: config.acquisition.stallMs,
  };
  const acquisitionLog = logger.child({ module: 'acquisition' });
  const wakeSearch = () => {
    wiring.enqueue?.('search-approved', {}, { dedupeKey: 'slots' }).catch((error: unknown) => logger.warn({ err: error }, 'could not wake the search; its periodic run will take the approved books'));
  };
  const definitions: JobDefinition<any>[] = [
    createCleanupJob({ store: repositories.retention, clock, policy: { ...config.retention, processedEventDays: 30 } }),
    createAbsPollJob({ abs, inbox: repositories.inbox, onStored }),
    // Without live events (an API key only) changes are seen by this pass alone: it runs every 5 minutes, not 15
    // (an unchanged library costs one list pass, about 5 % of a full sync).
    createLibrarySyncJob({
      sync: syncWith(),
      ...(abs?.liveEvents.mode === 'off' ? { every: '5 minutes' } : {}),
      // New or changed books may be ones the user wanted: look at once rather than at the sweep's next slot.
      onChanged: () => void wiring.enqueue?.('owned-sweep', {}, { dedupeKey: 'after-sync' }).catch((error: unknown) => logger.warn({ err: error }, 'could not queue the owned sweep')),
    }),
    createQbittorrentPollJob({ qbittorrent, downloads: repositories.downloads, inbox: repositories.inbox, onStored }),
    createInboxJob<Transaction>({
      inbox: repositories.inbox,
      handlers: {
        qbittorrent: (event, tx) => {
          // The book's move to DOWNLOADED goes through the wanted operations, on the event's transaction.
          const inTx = createWantedOperations({ store: createWantedBookRepository(tx, repositories.outbox), clock });
          return handleQbittorrentCompletion(event, createCompletionRecorder(tx), (id, fields) => inTx.advance(id, 'download-complete', 'webhook:qbittorrent', { fields }));
        },
        // Without Audiobookshelf configured its events stay pending (kept, not dropped) until it is.
        ...(abs ? { audiobookshelf: absEvents, 'abs-socket': absEvents, 'abs-poll': absEvents } : {}),
      },
    }),
    createRetryDueJob({ operations, onApproved: wakeSearch }),
    createOwnedSweepJob({ sweep: createOwnedSweep({ wanted: repositories.wanted, mirror: repositories.downloads, operations, log: logger.child({ module: 'owned-sweep' }) }) }),
    createSearchApprovedJob({
      search:
        searchers.length > 0
          ? createSearchApproved({
              operations,
              store: repositories.downloads,
              searchers,
              torrents,
              clock,
              log: acquisitionLog,
              settings: acquisitionSettings,
              // MAM_MIN_BUFFER_GB: checked before a non-freeleech MyAnonamouse grab (one jsonLoad request).
              ...(clients.mam ? { mamBuffer: async () => (await clients.mam!.create().checkSession()).bufferBytes } : {}),
            })
          : undefined,
    }),
    createDownloadMonitorJob({
      monitor: torrents ? createDownloadMonitor({ operations, store: repositories.downloads, torrents, clock, log: acquisitionLog, settings: acquisitionSettings }) : undefined,
      onSlotsFree: wakeSearch,
    }),
  ];
  return createJobRegistry(definitions, JOB_NAMES);
}
