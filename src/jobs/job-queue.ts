import type { JobStore } from './job-store.js';
import { JOB_DATA, type JobData, type JobName } from './job-catalogue.js';

export interface EnqueueOptions {
  /**
   * At most one waiting job per (name, key): enqueueing again while one waits only moves it to now. Use it for
   * wake-ups ("process the inbox") and per-entity work ("sync item li-42"), so bursts never pile up job rows.
   */
  dedupeKey?: string;
}

/** Queues a job of the catalogue to run as soon as a worker is free; its data is parsed against the job's schema first. */
export type EnqueueJob = <N extends JobName>(name: N, data: JobData<N>, options?: EnqueueOptions) => Promise<void>;

export function createJobQueue(store: Pick<JobStore, 'enqueue'>): EnqueueJob {
  return async (name, data, options) => {
    const parsed = JOB_DATA[name].safeParse(data);
    if (!parsed.success) {
      throw new Error(`Invalid data for job ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join(', ')}`);
    }
    await store.enqueue(name, parsed.data, options);
  };
}
