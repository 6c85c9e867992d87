import { z } from 'zod';
import type { EventOutcome, StoredEvent } from './inbox-event.js';

/** The fields of qBittorrent's "run on torrent finished" hook, as stored by the webhook (already validated there). */
export const qbittorrentCompletionSchema = z.object({
  hash: z.string(),
  name: z.string(),
  category: z.string().optional(),
  tags: z.array(z.string()).default([]),
  contentPath: z.string().optional(),
  rootPath: z.string().optional(),
  savePath: z.string().optional(),
  fileCount: z.number().int().optional(),
  sizeBytes: z.number().int().optional(),
  tracker: z.string().optional(),
});
export type QbittorrentCompletion = z.infer<typeof qbittorrentCompletionSchema>;

export interface CompletionNotice {
  kind: string;
  idempotencyKey: string;
  payload: { title: string; description?: string; fields?: { name: string; value: string; inline?: boolean }[]; color?: number };
}

/**
 * Port, implemented in one transaction together with the event's own status: marks the download with this hash
 * completed (when it is one of ours and not already past that), and queues the notice.
 */
export interface CompletionRecorder {
  completeDownload(
    completion: QbittorrentCompletion,
    notice: (download: { name: string; wantedTitle: string | null }) => CompletionNotice,
  ): Promise<'completed' | 'already-completed' | 'unknown-hash'>;
}

function formatSize(bytes: number | undefined): string | undefined {
  if (bytes === undefined) return undefined;
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/**
 * A finished torrent: ours (a downloads row with this hash) turns completed and is announced once; anyone else's is
 * recorded as foreign and left alone — the user's other torrents are none of our business.
 */
export async function handleQbittorrentCompletion(event: StoredEvent, recorder: CompletionRecorder): Promise<EventOutcome> {
  const completion = qbittorrentCompletionSchema.parse(event.payload);
  const result = await recorder.completeDownload(completion, (download) => {
    const size = formatSize(completion.sizeBytes);
    return {
      kind: 'download-completed',
      idempotencyKey: `download-completed:${completion.hash}`,
      payload: {
        title: `Downloaded: ${download.wantedTitle ?? download.name}`,
        description: download.wantedTitle && download.wantedTitle !== download.name ? completion.name : undefined,
        color: 0x2ecc71,
        fields: [
          ...(size ? [{ name: 'Size', value: size, inline: true }] : []),
          ...(completion.fileCount !== undefined ? [{ name: 'Files', value: String(completion.fileCount), inline: true }] : []),
        ],
      },
    };
  });
  if (result === 'unknown-hash') return { status: 'ignored', outcome: 'foreign-hash' };
  return { status: 'processed', outcome: result };
}
