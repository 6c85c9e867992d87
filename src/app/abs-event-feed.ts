import type { Logger } from 'pino';
import { absChangeToEvent, type AbsLibraryChange } from '../core/inbox/abs-events.js';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import { AbsSocketClient, type AbsClient, type AbsSocketOptions } from '../integrations/abs/index.js';

/** What the feed needs of the REST client: the socket's token, the live-event mode, the libraries (podcasts said once). */
export type AbsFeedClient = Pick<AbsClient, 'baseUrl' | 'socketToken' | 'liveEvents' | 'libraries'>;

/**
 * Worker role: ABS's socket.io feed into the inbox. The socket is authenticated with the service user's access token
 * (ABS_USERNAME/ABS_PASSWORD: refreshed before expiry, renewed when refused) or a legacy user token; an API key is
 * refused there, so with one the feed says once that live events are off, and retries with a long backoff while the
 * library sync runs every 5 minutes instead. Every reconnection (events may have been missed meanwhile) calls
 * `onReconnected`, which runs the catch-up pass.
 */
export function startAbsEventFeed(deps: {
  abs: AbsFeedClient;
  logger: Logger;
  inbox: InboxReceiver;
  onStored: () => void;
  /** After a reconnection (not the first connection: the start-up catch-up covers that). */
  onReconnected?: () => void;
  socket?: Pick<AbsSocketOptions, 'reconnect' | 'authRetry' | 'connectTimeoutMs'>;
}): { stop(): void; readonly connected: boolean } {
  const logger = deps.logger.child({ module: 'abs-feed' });
  const { abs } = deps;
  const live = abs.liveEvents;
  if (live.mode === 'off') logger.info(`live events: off (${live.reason}); the library sync runs every 5 minutes instead`);
  else logger.info({ mode: live.mode, ...(live.mode === 'user' ? { username: live.username } : { tokenKind: live.kind }) }, 'live events: connecting to the Audiobookshelf socket');
  const socket = new AbsSocketClient({
    baseUrl: abs.baseUrl,
    token: (context) => abs.socketToken(context),
    logger,
    connectTimeoutMs: 10_000,
    ...deps.socket,
  });
  const store = (change: AbsLibraryChange) => {
    deps.inbox
      .receive(absChangeToEvent('abs-socket', change))
      .then((stored) => {
        if (!stored.duplicate) deps.onStored();
      })
      .catch((error: unknown) => logger.warn({ err: error, event: change.event }, 'could not store an ABS event; the library sync will catch up'));
  };
  socket.on('item_added', (book) => store({ event: 'item_added', libraryId: book.libraryId, libraryItemId: book.id }));
  socket.on('items_added', (books) => books.forEach((book) => store({ event: 'item_added', libraryId: book.libraryId, libraryItemId: book.id })));
  socket.on('item_updated', (book) => store({ event: 'item_updated', libraryId: book.libraryId, libraryItemId: book.id, updatedAt: book.updatedAt }));
  // A rename across many books (author, narrator) leaves each book's updatedAt as it was: no version in the key, so
  // a second rename of the same books is not taken for a duplicate of the first.
  socket.on('items_updated', (books) => books.forEach((book) => store({ event: 'item_updated', libraryId: book.libraryId, libraryItemId: book.id })));
  socket.on('item_removed', (item) => store({ event: 'item_removed', libraryId: item.libraryId, libraryItemId: item.id }));
  for (const event of ['author_updated', 'author_removed'] as const) socket.on(event, (a) => store({ event, libraryId: a.libraryId, authorId: a.id }));
  for (const event of ['series_updated', 'series_removed'] as const) socket.on(event, (s) => store({ event, libraryId: s.libraryId, seriesId: s.id }));
  socket.on('task_finished', (task) => {
    if (task.libraryId && task.action.includes('scan') && !task.isFailed) store({ event: 'scan_finished', libraryId: task.libraryId, taskId: task.id });
  });
  let refusals = 0;
  socket.on('auth_failed', (error) => {
    refusals += 1;
    // The socket client retries with backoff; said once, not at every retry.
    if (refusals === 1) {
      logger.warn(
        { reason: error.message },
        live.mode === 'off' ? `ABS refused the socket login: live events: off (${live.reason})` : 'ABS refused the socket login; retrying with backoff, the library sync catches up meanwhile',
      );
    }
  });
  socket.on('connected', ({ reconnect }) => {
    refusals = 0;
    logger.info({ reconnect }, 'live events: on (listening to Audiobookshelf)');
    if (reconnect) deps.onReconnected?.();
  });
  socket.connect().catch((error: unknown) => logger.info({ err: error }, 'ABS socket not connected yet; retrying in the background, the library sync catches up meanwhile'));
  // Podcast libraries are not mirrored: said once here, and their socket events are dropped quietly.
  abs
    .libraries()
    .then((libraries) => {
      const podcasts = libraries.filter((l) => l.mediaType === 'podcast').map((l) => l.name);
      if (podcasts.length > 0) logger.info({ libraries: podcasts }, 'podcast libraries are skipped (only book libraries are mirrored)');
    })
    .catch(() => {});
  return {
    stop: () => socket.close(),
    get connected() {
      return socket.isAuthenticated;
    },
  };
}
