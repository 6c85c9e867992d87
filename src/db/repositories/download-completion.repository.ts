import { eq, sql } from 'drizzle-orm';
import type { CompletionRecorder } from '../../core/inbox/qbittorrent-completion.js';
import type { Transaction } from '../client.js';
import { downloads } from '../schema/index.js';

const DONE_STATES = new Set(['completed', 'importing', 'imported']);

/**
 * The completion of a download, written in the inbox event's transaction. The wanted book's move (and its
 * notification) is the wanted operations' (qbittorrent-completion.ts), in the same transaction.
 */
export function createCompletionRecorder(tx: Transaction): CompletionRecorder {
  return {
    async completeDownload(completion) {
      const [download] = await tx
        .select({ id: downloads.id, state: downloads.state, wantedBookId: downloads.wantedBookId })
        .from(downloads)
        .where(eq(downloads.qbitHash, completion.hash.toLowerCase()))
        .for('update', { of: downloads });
      if (!download) return { result: 'unknown-hash', wantedBookId: null };
      if (DONE_STATES.has(download.state)) return { result: 'already-completed', wantedBookId: download.wantedBookId };
      await tx
        .update(downloads)
        .set({
          state: 'completed',
          progress: 1,
          downloadSpeedBps: 0,
          etaSeconds: 0,
          completedAt: sql`now()`,
          updatedAt: sql`now()`,
          contentPath: completion.contentPath ?? null,
          savePath: completion.savePath ?? null,
          ...(completion.sizeBytes !== undefined ? { sizeBytes: completion.sizeBytes } : {}),
        })
        .where(eq(downloads.id, download.id));
      return { result: 'completed', wantedBookId: download.wantedBookId };
    },
  };
}
