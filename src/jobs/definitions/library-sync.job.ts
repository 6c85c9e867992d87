import { toTaskOutcome, type LibrarySync } from '../../core/library/index.js';
import { JOB_DATA, type JobData } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

export type LibrarySyncData = JobData<'library-sync'>;

/**
 * Every 15 minutes (5 without live ABS events; the composition decides), and at start: mirrors all ABS book libraries
 * into Postgres (a no-op run writes nothing). With `libraryItemId`, refreshes one item. A failure throws, so the run is recorded as failed and the previous mirror stays as it was.
 */
export function createLibrarySyncJob(deps: { sync?: LibrarySync; every?: string; onChanged?: () => void }): JobDefinition<LibrarySyncData> {
  return {
    name: 'library-sync',
    description: 'Mirrors the Audiobookshelf libraries (books, authors, series) into the database, incrementally',
    schedule: { every: deps.every ?? '15 minutes' },
    data: JOB_DATA['library-sync'],
    // One full sync at a time: two would only fetch the same pages twice.
    options: { concurrency: 1, lockLifetimeMs: 10 * 60_000 },
    async run(ctx) {
      if (!deps.sync) return { details: { skipped: 'Audiobookshelf is not configured' } };
      if (ctx.data.libraryItemId) {
        const result = await deps.sync.syncItem(ctx.data.libraryItemId);
        if (result === 'created' || result === 'updated') deps.onChanged?.();
        return { processed: 1, created: result === 'created' ? 1 : 0, details: { libraryItemId: ctx.data.libraryItemId, result } };
      }
      // Stopping mid-sync throws here; the sync is all-or-nothing, so the previous mirror stays as it was.
      const counts = await deps.sync.syncAll({
        onProgress: () => {
          ctx.signal.throwIfAborted();
          return ctx.touch();
        },
      });
      if (counts.created > 0 || counts.updated > 0) deps.onChanged?.();
      return toTaskOutcome(counts);
    },
  };
}
