import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

/**
 * Every 10 minutes, and after a library sync that changed something: wanted books that showed up in the library by
 * any route turn OWNED (src/core/acquisition/owned-sweep.ts).
 */
export function createOwnedSweepJob(deps: { sweep: (actor: string) => Promise<{ examined: number; owned: number }> }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'owned-sweep',
    description: 'Marks wanted books that are now in the library as owned',
    schedule: { every: '10 minutes' },
    data: JOB_DATA['owned-sweep'],
    options: { concurrency: 1 },
    async run() {
      const { examined, owned } = await deps.sweep('job:owned-sweep');
      return { processed: examined, details: { owned } };
    },
  };
}
