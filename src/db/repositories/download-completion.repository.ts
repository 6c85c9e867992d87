import { eq, sql } from 'drizzle-orm';
import type { CompletionRecorder } from '../../core/inbox/qbittorrent-completion.js';
import type { Transaction } from '../client.js';
import { downloads, wantedBooks } from '../schema/index.js';
import { NotificationRepository } from './notification.repository.js';

const DONE_STATES = new Set(['completed', 'importing', 'imported']);

/** The completion of a download, written in the inbox event's transaction together with its notification. */
export function createCompletionRecorder(tx: Transaction, outbox: NotificationRepository): CompletionRecorder {
  return {
    async completeDownload(completion, notice) {
      const [download] = await tx
        .select({ id: downloads.id, state: downloads.state, name: downloads.name, wantedTitle: wantedBooks.title })
        .from(downloads)
        .leftJoin(wantedBooks, eq(wantedBooks.id, downloads.wantedBookId))
        .where(eq(downloads.qbitHash, completion.hash))
        .for('update', { of: downloads });
      if (!download) return 'unknown-hash';
      if (DONE_STATES.has(download.state)) return 'already-completed';
      await tx
        .update(downloads)
        .set({
          state: 'completed',
          progress: 1,
          completedAt: sql`now()`,
          updatedAt: sql`now()`,
          contentPath: completion.contentPath ?? null,
          savePath: completion.savePath ?? null,
          ...(completion.sizeBytes !== undefined ? { sizeBytes: completion.sizeBytes } : {}),
        })
        .where(eq(downloads.id, download.id));
      const n = notice({ name: download.name, wantedTitle: download.wantedTitle });
      await outbox.enqueue({ kind: n.kind, idempotencyKey: n.idempotencyKey, payload: n.payload }, tx);
      return 'completed';
    },
  };
}
