import type { EventOutcome, StoredEvent } from './inbox-event.js';

/**
 * The worker's side of the inbox (src/db/repositories/inbox.repository.ts implements it on Postgres). `Tx` is the
 * storage's unit of work, handed to the handler so the event's effect and its "processed" mark commit together.
 */
export interface InboxProcessor<Tx> {
  /**
   * Takes the next event of the given sources that is due (the oldest pending one of its ordering key), hands it to `handle` inside one
   * transaction and records the outcome in the same transaction: the effect and "processed" commit together or not at
   * all, so a crash anywhere means the event is simply taken again. Returns what happened.
   */
  processNext(
    sources: ReadonlyArray<string>,
    handle: (event: StoredEvent, tx: Tx) => Promise<EventOutcome>,
  ): Promise<'processed' | 'failed' | 'empty'>;
  counts(): Promise<Record<string, number>>;
}
