import type { OpenDownloads } from '../../core/acquisition/downloads.port.js';
import type { InboxReceiver } from '../../core/inbox/inbox-event.js';
import { qbittorrentCompletionEvent } from '../../core/inbox/qbittorrent-events.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

/** What the poll needs from qBittorrent. */
export interface TorrentStatusSource {
  torrents(query: { hashes: readonly string[] }): Promise<
    Array<{ hash: string; name: string; category: string; tags: string[]; sizeBytes: number; savePath: string; contentPath: string; isComplete: boolean }>
  >;
}

/**
 * The completion hook's safety net: qBittorrent never replays a missed hook, and some images have no curl. Our
 * unfinished downloads are looked up in qBittorrent; finished ones go into the inbox under the hook's own key, so a
 * completion seen by both is handled once.
 */
export function createQbittorrentPollJob(deps: { qbittorrent?: TorrentStatusSource; downloads: OpenDownloads; inbox: InboxReceiver; onStored: () => void }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'qbittorrent-poll',
    description: 'Notices finished downloads whose completion hook never arrived',
    schedule: { every: '2 minutes' },
    data: JOB_DATA['qbittorrent-poll'],
    async run() {
      if (!deps.qbittorrent) return { details: { skipped: 'qBittorrent is not configured' } };
      const open = await deps.downloads.openHashes();
      if (open.length === 0) return { processed: 0 };
      const torrents = await deps.qbittorrent.torrents({ hashes: open });
      let created = 0;
      for (const torrent of torrents.filter((t) => t.isComplete)) {
        const stored = await deps.inbox.receive(
          qbittorrentCompletionEvent(
            {
              hash: torrent.hash,
              name: torrent.name,
              category: torrent.category || undefined,
              tags: torrent.tags,
              contentPath: torrent.contentPath,
              savePath: torrent.savePath,
              sizeBytes: torrent.sizeBytes,
            },
            'poll',
          ),
        );
        if (!stored.duplicate) created += 1;
      }
      if (created > 0) deps.onStored();
      return { processed: open.length, created, details: { finishedFound: created } };
    },
  };
}
