import { createHash } from 'node:crypto';
import type { IncomingEvent, InboxSource } from './inbox-event.js';

/**
 * Library changes seen by the ABS socket or the polling fallback, stored in the inbox in the same shape as the
 * documented JSON webhook event, so one handler serves all three routes. An addition, and an update carrying ABS's
 * `updatedAt`, have keys of their own content, so the same one seen twice (socket and poll, or a socket reconnect) is
 * stored once. A removal (and an update without `updatedAt`) carries no version: each sighting is stored, and handling
 * it again changes nothing (the book is already marked removed, or re-read as it is).
 */
export type AbsLibraryChange =
  | { event: 'item_added' | 'item_updated'; libraryId: string; libraryItemId: string; updatedAt?: Date }
  | { event: 'item_removed'; libraryId: string; libraryItemId: string }
  | { event: 'scan_finished'; libraryId: string; taskId: string }
  /** An author or series changed or went away: the mirrored books that name it are read again. */
  | { event: 'author_updated' | 'author_removed'; libraryId: string | null; authorId: string }
  | { event: 'series_updated' | 'series_removed'; libraryId: string | null; seriesId: string };

export function absChangeToEvent(source: Extract<InboxSource, 'abs-socket' | 'abs-poll'>, change: AbsLibraryChange): IncomingEvent {
  switch (change.event) {
    case 'item_added':
      // An item is added once: socket and poll share this key.
      return {
        source,
        deliveryKey: `abs:item_added:${change.libraryItemId}`,
        eventType: 'item_added',
        orderingKey: `abs-item:${change.libraryItemId}`,
        payload: { event: 'item_added', libraryId: change.libraryId, libraryItemId: change.libraryItemId },
      };
    case 'item_updated':
      return {
        source,
        deliveryKey: `abs:item_updated:${change.libraryItemId}:${change.updatedAt?.getTime() ?? Date.now()}`,
        eventType: 'item_updated',
        orderingKey: `abs-item:${change.libraryItemId}`,
        payload: { event: 'item_updated', libraryId: change.libraryId, libraryItemId: change.libraryItemId },
      };
    case 'item_removed':
      return {
        source,
        deliveryKey: `abs:item_removed:${change.libraryItemId}:${Date.now()}`,
        eventType: 'item_removed',
        orderingKey: `abs-item:${change.libraryItemId}`,
        payload: { event: 'item_removed', libraryId: change.libraryId, libraryItemId: change.libraryItemId },
      };
    case 'author_updated':
    case 'author_removed':
      // No version in the payload: each sighting is stored; reading the books again twice changes nothing.
      return {
        source,
        deliveryKey: `abs:${change.event}:${change.authorId}:${Date.now()}`,
        eventType: change.event,
        orderingKey: `abs-author:${change.authorId}`,
        payload: { event: change.event, libraryId: change.libraryId, authorId: change.authorId },
      };
    case 'series_updated':
    case 'series_removed':
      return {
        source,
        deliveryKey: `abs:${change.event}:${change.seriesId}:${Date.now()}`,
        eventType: change.event,
        orderingKey: `abs-series:${change.seriesId}`,
        payload: { event: change.event, libraryId: change.libraryId, seriesId: change.seriesId },
      };
    case 'scan_finished':
      return {
        source,
        deliveryKey: `abs:scan_finished:${change.taskId}`,
        eventType: 'scan_finished',
        orderingKey: `abs-library:${change.libraryId}`,
        payload: { event: 'scan_finished', libraryId: change.libraryId },
      };
  }
}

/** A documented JSON event POSTed to /webhooks/audiobookshelf, as validated there. */
export interface AbsWebhookEvent {
  event: 'item_added' | 'item_updated' | 'item_removed' | 'scan_finished';
  /** The sender's delivery id, when it gave one. */
  id?: string;
  libraryId?: string;
  libraryItemId?: string;
  occurredAt?: string;
}

/**
 * The inbox event of a webhook delivery. Its key lives in a namespace of its own (`abs-webhook:`), apart from the
 * `abs:<event>:…` keys above: a sender-chosen id such as `item_added:li-1` can then never take the key the socket or
 * the poll will use for that item, which would have the real event dropped later as a "duplicate". Without an id, the
 * content is the key, so a retried delivery is still stored once.
 */
export function absWebhookToEvent(event: AbsWebhookEvent): IncomingEvent {
  const deliveryKey = event.id !== undefined ? `abs-webhook:id:${event.id}` : `abs-webhook:sha256:${createHash('sha256').update(JSON.stringify(event)).digest('hex')}`;
  return {
    source: 'audiobookshelf',
    deliveryKey,
    eventType: event.event,
    orderingKey: event.libraryItemId ? `abs-item:${event.libraryItemId}` : event.libraryId ? `abs-library:${event.libraryId}` : null,
    payload: { ...event },
  };
}
