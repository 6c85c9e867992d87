import type { Logger } from 'pino';
import { absChangeToEvent, type AbsLibraryChange } from '../core/inbox/abs-events.js';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import { AbsSocketClient } from '../integrations/abs/index.js';

/**
 * Worker role: ABS's socket.io feed into the inbox. ABS refuses API keys on its socket; with such a token (or when ABS
 * is down) the feed says so once and the `abs-poll` job, every 5 minutes, is what notices new books.
 */
export function startAbsEventFeed(deps: {
  baseUrl: string;
  token: string;
  logger: Logger;
  inbox: InboxReceiver;
  onStored: () => void;
}): { stop(): void } {
  const logger = deps.logger.child({ module: 'abs-feed' });
  const socket = new AbsSocketClient({ baseUrl: deps.baseUrl, token: deps.token, logger, connectTimeoutMs: 10_000 });
  const store = (change: AbsLibraryChange) => {
    deps.inbox
      .receive(absChangeToEvent('abs-socket', change))
      .then((stored) => {
        if (!stored.duplicate) deps.onStored();
      })
      .catch((error: unknown) => logger.warn({ err: error, event: change.event }, 'could not store an ABS event; the poll will catch up'));
  };
  socket.on('item_added', (book) => store({ event: 'item_added', libraryId: book.libraryId, libraryItemId: book.id }));
  socket.on('items_added', (books) => books.forEach((book) => store({ event: 'item_added', libraryId: book.libraryId, libraryItemId: book.id })));
  socket.on('item_updated', (book) => store({ event: 'item_updated', libraryId: book.libraryId, libraryItemId: book.id, updatedAt: book.updatedAt }));
  socket.on('item_removed', (item) => store({ event: 'item_removed', libraryId: item.libraryId, libraryItemId: item.id }));
  socket.on('task_finished', (task) => {
    if (task.libraryId && task.action.includes('scan') && !task.isFailed) store({ event: 'scan_finished', libraryId: task.libraryId, taskId: task.id });
  });
  socket.on('auth_failed', (error) =>
    logger.warn({ reason: error.message }, 'ABS refused the socket login (API keys cannot open it): new books are noticed by polling every 5 minutes'),
  );
  socket.on('connected', () => logger.info('listening to Audiobookshelf events'));
  socket.connect().catch((error: unknown) => logger.warn({ err: error }, 'ABS socket not connected yet; retrying in the background, polling meanwhile'));
  return { stop: () => socket.close() };
}
