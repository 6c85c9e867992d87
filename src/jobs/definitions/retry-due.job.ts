import type { WantedOperations } from '../../core/acquisition/wanted-operations.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

const ACTOR = 'job:retry-due';

/**
 * Every minute: wanted books whose retry is due go back to the stage that failed (RETRY_WAIT → its resume state), and
 * UPCOMING books whose release date has come wait for approval. Books back in APPROVED wake the search.
 */
export function createRetryDueJob(deps: { operations: Pick<WantedOperations, 'resumeDue' | 'releaseDue'>; onApproved?: () => void }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'retry-due',
    description: 'Moves wanted books whose retry is due back to their stage, and released UPCOMING books to approval',
    schedule: { every: '1 minute' },
    data: JOB_DATA['retry-due'],
    options: { concurrency: 1 },
    async run() {
      const { resumed, refused } = await deps.operations.resumeDue(ACTOR);
      const { released, refused: notReleased } = await deps.operations.releaseDue(ACTOR);
      if (resumed.some((m) => m.book.state === 'APPROVED')) deps.onApproved?.();
      return { processed: resumed.length + released.length, details: { resumed: resumed.length, released: released.length, refused: refused.length + notReleased.length } };
    },
  };
}
