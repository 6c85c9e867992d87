import { z } from 'zod';

const noData = z.object({}).strict();

/**
 * Every job the service runs, with the data it takes. The registry refuses to start unless each name here has exactly
 * one definition, so a job scheduled by one version is never silently left without a handler by another; the typed
 * queue (job-queue.ts) parses data against these schemas before anything is stored.
 */
export const JOB_DATA = {
  cleanup: noData,
  inbox: noData,
  'abs-poll': noData,
  'qbittorrent-poll': noData,
  'retry-due': noData,
  'owned-sweep': noData,
  'download-monitor': noData,
  'search-approved': z
    .object({
      /** The book whose approval queued the run (the dedupe key's subject); the run takes every approved book in order. */
      wantedBookId: z.uuid().optional(),
    })
    .strict(),
  'library-sync': z
    .object({
      /** Sync just this ABS item (socket event, webhook, a finished import) instead of every library. */
      libraryItemId: z.string().min(1).max(200).optional(),
    })
    .strict(),
} as const satisfies Record<string, z.ZodType<Record<string, unknown>>>;

export type JobName = keyof typeof JOB_DATA;
export type JobData<N extends JobName> = z.infer<(typeof JOB_DATA)[N]>;
export const JOB_NAMES = Object.keys(JOB_DATA) as JobName[];

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(JOB_DATA, name);
}
