import type { SearchRunResult } from '../../core/acquisition/search-approved.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobData } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

const ACTOR = 'job:search-approved';

/**
 * Searches approved books in approval order and grabs the best acceptable release of each, while fewer than
 * MAX_ACTIVE_DOWNLOADS are active (src/core/acquisition/search-approved.ts). Queued at once when books are approved
 * (per book: `wantedBookId` is the dedupe key's subject; the run takes the queue in approval order) and every 6 hours.
 */
export function createSearchApprovedJob(deps: { search?: { run(actor: string, signal?: AbortSignal, touch?: () => Promise<void>): Promise<SearchRunResult> } }): JobDefinition<JobData<'search-approved'>> {
  return {
    name: 'search-approved',
    description: 'Searches approved books on the indexers and sends the best release to qBittorrent',
    schedule: { every: '6 hours' },
    data: JOB_DATA['search-approved'],
    options: { concurrency: 1, lockLifetimeMs: 10 * 60_000 },
    async run(ctx) {
      if (!deps.search) return { details: { skipped: 'no indexer or no qBittorrent is configured' } };
      const r = await deps.search.run(ACTOR, ctx.signal, () => ctx.touch());
      return { processed: r.claimed, details: { grabbed: r.grabbed, failed: r.failed, owned: r.owned, waitingForSlots: r.waiting } };
    },
  };
}
