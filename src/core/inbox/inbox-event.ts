/** Where an inbox event came from. */
export const INBOX_SOURCES = ['qbittorrent', 'audiobookshelf', 'abs-socket', 'abs-poll'] as const;
export type InboxSource = (typeof INBOX_SOURCES)[number];

/** An event to store: the delivery key makes a repeated delivery a no-op. */
export interface IncomingEvent {
  source: InboxSource;
  deliveryKey: string;
  eventType: string;
  /** Events with the same key are processed one after another, in receipt order (a torrent hash, an ABS item). */
  orderingKey: string | null;
  payload: Record<string, unknown>;
}

export interface StoredEvent extends IncomingEvent {
  id: string;
  attempts: number;
  receivedAt: Date;
}

/** Port: the inbox table. `receive` is the webhook's only write before it answers. */
export interface InboxReceiver {
  receive(event: IncomingEvent): Promise<{ id: string; duplicate: boolean }>;
}

/** What handling an event concluded: `processed` or `ignored`, with a short outcome recorded on the row. */
export interface EventOutcome {
  status: 'processed' | 'ignored';
  outcome: string;
}
