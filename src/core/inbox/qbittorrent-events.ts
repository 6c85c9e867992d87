import type { IncomingEvent } from './inbox-event.js';
import type { QbittorrentCompletion } from './qbittorrent-completion.js';

/**
 * The inbox event of a finished torrent, whoever noticed it (the hook or the poll): both use this key, so a completion
 * seen by both is stored once.
 */
export function qbittorrentCompletionEvent(completion: QbittorrentCompletion, via: 'hook' | 'poll'): IncomingEvent {
  return {
    source: 'qbittorrent',
    deliveryKey: `qbittorrent:finished:${completion.hash}`,
    eventType: 'torrent_finished',
    orderingKey: `torrent:${completion.hash}`,
    payload: { ...completion, via } as unknown as Record<string, unknown>,
  };
}
