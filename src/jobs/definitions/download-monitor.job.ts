import type { MonitorResult } from '../../core/acquisition/download-monitor.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

const ACTOR = 'job:download-monitor';

/**
 * Every 30 s (and at start, which makes it the start-up sweep): our downloads judged against qBittorrent
 * (src/core/acquisition/download-monitor.ts). When download slots are free and approved books wait, the search is woken.
 */
export function createDownloadMonitorJob(deps: { monitor?: { run(actor: string): Promise<MonitorResult> }; onSlotsFree?: () => void }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'download-monitor',
    description: 'Follows our downloads in qBittorrent: progress, completion, stalls and removals; recovers interrupted grabs',
    schedule: { every: '30 seconds' },
    data: JOB_DATA['download-monitor'],
    options: { concurrency: 1 },
    async run() {
      if (!deps.monitor) return { details: { skipped: 'qBittorrent is not configured' } };
      const r = await deps.monitor.run(ACTOR);
      if (r.slotsFree) deps.onSlotsFree?.();
      return { processed: r.watched, details: { started: r.started, completed: r.completed, failed: r.failed, recovered: r.recovered, abandoned: r.abandoned, slotsFree: r.slotsFree } };
    },
  };
}
