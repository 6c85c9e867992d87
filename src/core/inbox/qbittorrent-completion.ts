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

/**
 * Port, implemented in one transaction together with the event's own status: marks the download with this hash
 * completed (when it is one of ours and not already past that) and says whose it is.
 */
export interface CompletionRecorder {
  completeDownload(completion: QbittorrentCompletion): Promise<{ result: 'completed' | 'already-completed' | 'unknown-hash'; wantedBookId: string | null }>;
}

/**
 * Moves the wanted book to DOWNLOADED through the wanted operations (the one writer of wanted_books), in the same
 * transaction; its transition queues the one "downloaded" notice. A refusal (the book was cancelled, or is already
 * further on) is not an error of the event.
 */
export type MarkDownloaded = (wantedBookId: string, fields: { name: string; value: string; inline?: boolean }[]) => Promise<{ ok: boolean; message?: string }>;

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
 * A finished torrent: ours (a downloads row with this hash) turns completed and its wanted book DOWNLOADED at once,
 * announced once by that transition; anyone else's is recorded as foreign and left alone — the user's other torrents
 * are none of our business.
 */
export async function handleQbittorrentCompletion(event: StoredEvent, recorder: CompletionRecorder, markDownloaded: MarkDownloaded): Promise<EventOutcome> {
  const completion = qbittorrentCompletionSchema.parse(event.payload);
  const { result, wantedBookId } = await recorder.completeDownload(completion);
  if (result === 'unknown-hash') return { status: 'ignored', outcome: 'foreign-hash' };
  if (wantedBookId) {
    const size = formatSize(completion.sizeBytes);
    const moved = await markDownloaded(wantedBookId, [
      { name: 'Release', value: completion.name },
      ...(size ? [{ name: 'Size', value: size, inline: true }] : []),
      ...(completion.fileCount !== undefined ? [{ name: 'Files', value: String(completion.fileCount), inline: true }] : []),
    ]);
    if (!moved.ok && result === 'completed') return { status: 'processed', outcome: 'completed; book not moved' };
  }
  return { status: 'processed', outcome: result };
}
