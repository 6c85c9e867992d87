import { absChangeToEvent } from '../../core/inbox/abs-events.js';
import type { InboxReceiver } from '../../core/inbox/inbox-event.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

/** What the poll needs from ABS: its book libraries and the newest items of each. */
export interface RecentItemsSource {
  libraries(): Promise<Array<{ id: string; mediaType: string }>>;
  recentlyAdded(libraryId: string, limit: number): Promise<Array<{ id: string; libraryId: string }>>;
}

/**
 * Polling fallback for ABS events (its folder watcher does not work on network shares, and hooks and sockets get
 * lost): the newest items of each book library go into the inbox as `item_added`; already-seen items are duplicates
 * there and change nothing.
 */
export function createAbsPollJob(deps: { abs?: RecentItemsSource; inbox: InboxReceiver; onStored: () => void; limit?: number }): JobDefinition<Record<string, unknown>> {
  return {
    name: 'abs-poll',
    description: 'Looks for recently added Audiobookshelf items the socket or webhooks missed',
    schedule: { every: '5 minutes' },
    data: JOB_DATA['abs-poll'],
    async run() {
      if (!deps.abs) return { details: { skipped: 'Audiobookshelf is not configured' } };
      let seen = 0;
      let created = 0;
      for (const library of (await deps.abs.libraries()).filter((l) => l.mediaType === 'book')) {
        for (const item of await deps.abs.recentlyAdded(library.id, deps.limit ?? 50)) {
          seen += 1;
          const stored = await deps.inbox.receive(absChangeToEvent('abs-poll', { event: 'item_added', libraryId: library.id, libraryItemId: item.id }));
          if (!stored.duplicate) created += 1;
        }
      }
      if (created > 0) deps.onStored();
      return { processed: seen, created };
    },
  };
}
