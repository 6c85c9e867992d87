import { z } from 'zod';
import { toTaskOutcome, type LibrarySync } from '../../core/library/index.js';
import type { JobDefinition } from '../job-definition.js';

export const librarySyncDataSchema = z.object({
  /** Sync just this ABS item (socket event, webhook, a finished import) instead of every library. */
  libraryItemId: z.string().min(1).max(200).optional(),
});
export type LibrarySyncData = z.infer<typeof librarySyncDataSchema>;

/**
 * Every 15 minutes: mirrors all ABS book libraries into Postgres (a no-op run writes nothing). With `libraryItemId`,
 * refreshes one item. A failure throws, so the run is recorded as failed and the previous mirror stays as it was.
 */
export function createLibrarySyncJob(deps: { sync?: LibrarySync; every?: string }): JobDefinition<LibrarySyncData> {
  return {
    name: 'library-sync',
    description: 'Mirrors the Audiobookshelf libraries (books, authors, series) into the database, incrementally',
    schedule: { every: deps.every ?? '15 minutes' },
    data: librarySyncDataSchema,
    // One full sync at a time: two would only fetch the same pages twice.
    options: { concurrency: 1, lockLifetimeMs: 10 * 60_000 },
    async run(ctx) {
      if (!deps.sync) return { details: { skipped: 'Audiobookshelf is not configured' } };
      if (ctx.data.libraryItemId) {
        const result = await deps.sync.syncItem(ctx.data.libraryItemId);
        return { processed: 1, created: result === 'created' ? 1 : 0, details: { libraryItemId: ctx.data.libraryItemId, result } };
      }
      const counts = await deps.sync.syncAll({ onProgress: () => ctx.touch() });
      return toTaskOutcome(counts);
    },
  };
}
