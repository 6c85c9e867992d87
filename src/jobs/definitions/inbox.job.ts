import type { EventOutcome, StoredEvent } from '../../core/inbox/inbox-event.js';
import type { InboxProcessor } from '../../core/inbox/inbox-processor.port.js';
import { JOB_DATA } from '../job-catalogue.js';
import type { JobDefinition } from '../job-definition.js';

/** A handler per event source; it runs inside the event's transaction (see InboxProcessor.processNext). */
export type InboxHandlers<Tx> = Partial<Record<StoredEvent['source'], (event: StoredEvent, tx: Tx) => Promise<EventOutcome>>>;

/** Upper bound per run, so one run cannot hold a worker forever; the next run (or nudge) continues. */
const MAX_EVENTS_PER_RUN = 1_000;

/**
 * Processes stored webhook and socket events: each at least once, its effect and its "processed" mark committed
 * together, in receipt order per ordering key. Runs every minute and whenever a webhook stores something new.
 * Events of a source without a handler stay pending (nothing acknowledged is dropped) until one exists.
 */
export function createInboxJob<Tx>(deps: { inbox: InboxProcessor<Tx>; handlers: InboxHandlers<Tx> }): JobDefinition<Record<string, unknown>> {
  const sources = Object.keys(deps.handlers);
  return {
    name: 'inbox',
    description: 'Processes received webhook and Audiobookshelf events (downloads completed, library changes)',
    schedule: { every: '1 minute' },
    data: JOB_DATA.inbox,
    options: { concurrency: 1, lockLifetimeMs: 2 * 60_000 },
    async run(ctx) {
      let processed = 0;
      let failed = 0;
      for (let i = 0; i < MAX_EVENTS_PER_RUN && !ctx.signal.aborted; i += 1) {
        const result = await deps.inbox.processNext(sources, (event, tx) => {
          const handle = deps.handlers[event.source];
          if (!handle) throw new Error(`no handler for ${event.source}`);
          return handle(event, tx);
        });
        if (result === 'empty') break;
        if (result === 'processed') processed += 1;
        else failed += 1;
        if (i % 100 === 99) await ctx.touch();
      }
      if (failed > 0) ctx.logger.warn({ failed }, 'some inbox events failed and will be retried');
      return { processed, details: { failed } };
    },
  };
}
