import type { NotificationPayload } from '../notifications/outbox.port.js';
import type { FailureStage, WantedState } from './states.js';
import type { WantedBook } from './wanted-book.port.js';

/** The moves a user hears about, and how each is titled and coloured. */
const NOTICES: Partial<Record<WantedState, { kind: string; title: string; color: number }>> = {
  APPROVED: { kind: 'wanted-approved', title: 'Approved', color: 0x3498db },
  REJECTED: { kind: 'wanted-rejected', title: 'Rejected', color: 0x95a5a6 },
  GRABBED: { kind: 'wanted-grabbed', title: 'Grabbed', color: 0x9b59b6 },
  RETRY_WAIT: { kind: 'wanted-failed', title: 'Failed, will retry', color: 0xe67e22 },
  FAILED: { kind: 'wanted-failed-permanently', title: 'Failed permanently', color: 0xe74c3c },
  DOWNLOADED: { kind: 'wanted-downloaded', title: 'Downloaded', color: 0x2ecc71 },
  OWNED: { kind: 'wanted-owned', title: 'Already in the library', color: 0x1abc9c },
  CANCELLED: { kind: 'wanted-cancelled', title: 'Cancelled', color: 0x95a5a6 },
};

export interface NoticeContext {
  actor: string;
  reason?: string | null;
  stage?: FailureStage | null;
  dueAt?: Date | null;
  /** Failures so far (with the retry schedule's five retries). */
  failures?: number;
  /** What the stage wants said: for a grab the release, size, indexer and why it won. */
  fields?: { name: string; value: string; inline?: boolean }[];
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The outbox notification of a move to `to`, or null when it is not one a user cares about. */
export function wantedNotice(book: Pick<WantedBook, 'id' | 'title' | 'authors'>, to: WantedState, ctx: NoticeContext): { kind: string; payload: NotificationPayload } | null {
  const notice = NOTICES[to];
  if (!notice) return null;
  const fields: NonNullable<NotificationPayload['fields']> = [];
  if (ctx.stage) fields.push({ name: 'Stage', value: ctx.stage, inline: true });
  if (ctx.reason) fields.push({ name: 'Reason', value: clip(ctx.reason, 1024) });
  // Discord renders <t:…:R> as a relative time in the reader's own zone.
  if (ctx.dueAt) fields.push({ name: 'Next try', value: `<t:${Math.floor(ctx.dueAt.getTime() / 1000)}:R>`, inline: true });
  if (ctx.failures !== undefined && (to === 'RETRY_WAIT' || to === 'FAILED')) fields.push({ name: 'Failures', value: String(ctx.failures), inline: true });
  for (const f of ctx.fields ?? []) if (f.name && f.value) fields.push({ ...f, name: clip(f.name, 256), value: clip(f.value, 1024) });
  fields.push({ name: 'By', value: ctx.actor, inline: true });
  const authors = book.authors.join(', ');
  return {
    kind: notice.kind,
    payload: {
      title: clip(`${notice.title}: ${book.title}`, 256),
      ...(authors ? { description: clip(authors, 4096) } : {}),
      color: notice.color,
      fields: fields.slice(0, 25),
      footer: `wanted ${book.id}`,
      digestLine: clip(`${notice.title}: ${book.title}`, 200),
    },
  };
}
