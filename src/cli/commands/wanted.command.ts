import { z } from 'zod';
import { buildServices } from '../../app/services.js';
import { WANTED_STATES, type WantedState } from '../../core/acquisition/states.js';
import type { WantedBook } from '../../core/acquisition/wanted-book.port.js';
import { createWantedOperations, type Refusal, type WantedOperations } from '../../core/acquisition/wanted-operations.js';
import { createJobQueue } from '../../jobs/job-queue.js';
import { connectJobStore } from '../../jobs/job-store.js';
import type { CliContext } from '../context.js';

/** `cli wanted …`: the same operations the Discord commands call, as the actor `cli`. */
const ACTOR = 'cli';

type Out = { stdout: (s: string) => void; stderr: (s: string) => void };
const processOut: Out = { stdout: (s) => void process.stdout.write(s), stderr: (s) => void process.stderr.write(s) };

export function wantedOperations(ctx: CliContext): WantedOperations {
  const services = buildServices({ config: ctx.config, logger: ctx.logger, db: ctx.database.db });
  return createWantedOperations({ store: services.repositories.wanted, clock: services.clock });
}

/** A book now APPROVED is searched at once: its search-approved run is queued (one waiting run per book). */
export type OnApproved = (wantedBookId: string) => Promise<void>;

export function searchQueue(ctx: CliContext, out: Out = processOut): OnApproved {
  return async (wantedBookId) => {
    try {
      const store = await connectJobStore({ mongodbUrl: ctx.config.jobs.mongodbUrl, postgresUrl: ctx.database.url, logger: ctx.logger });
      try {
        await createJobQueue(store)('search-approved', { wantedBookId }, { dedupeKey: `book:${wantedBookId}` });
      } finally {
        await store.stop(0);
      }
    } catch (error) {
      out.stderr(`shelfkeeper: the search could not be queued now (${(error as Error).message}); it runs on its schedule\n`);
    }
  };
}

function refused(out: Out, r: Refusal): number {
  out.stderr(`shelfkeeper: ${r.message}\n`);
  return r.code === 'invalid' ? 2 : 1;
}

const iso = (d: Date | null) => (d ? d.toISOString() : '-');

function summary(b: WantedBook): string {
  const extra = b.state === 'RETRY_WAIT' ? ` (${b.retryStage} failed ${b.attempts}×, next try ${iso(b.nextRetryAt)})` : b.state === 'FAILED' ? ` (${b.retryStage}, ${b.attempts} failures)` : '';
  const by = b.authors.length ? ` — ${b.authors.join(', ')}` : '';
  return `${b.id}  ${b.state.padEnd(16)} ${b.source.padEnd(10)} ${b.title}${by}${extra}`;
}

const stateList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim().toUpperCase()).filter((x) => x !== ''))
  .pipe(z.array(z.enum(WANTED_STATES)));
const pageNumber = z.coerce.number().int().min(0).max(100_000);

export async function listWanted(ops: WantedOperations, opts: { state?: string; limit?: string; offset?: string }, out: Out = processOut): Promise<number> {
  const states = opts.state === undefined ? undefined : stateList.safeParse(opts.state);
  if (states && !states.success) {
    out.stderr(`shelfkeeper: --state takes ${WANTED_STATES.join(', ')} (comma-separated)\n`);
    return 2;
  }
  const limit = pageNumber.safeParse(opts.limit ?? '50');
  const offset = pageNumber.safeParse(opts.offset ?? '0');
  if (!limit.success || !offset.success || limit.data === 0) {
    out.stderr('shelfkeeper: --limit must be a whole number ≥ 1 and --offset ≥ 0\n');
    return 2;
  }
  const page = await ops.list({ states: states?.data as WantedState[] | undefined, limit: limit.data, offset: offset.data });
  for (const b of page.items) out.stdout(`${summary(b)}\n`);
  const shown = page.items.length ? `${offset.data + 1}–${offset.data + page.items.length}` : '0';
  out.stdout(`${shown} of ${page.total} wanted book${page.total === 1 ? '' : 's'}${states ? ` in ${states.data.join(', ')}` : ''}\n`);
  return 0;
}

export async function showWanted(ops: WantedOperations, id: string, out: Out = processOut): Promise<number> {
  const book = await ops.get(id);
  if ('ok' in book) return refused(out, book);
  const [{ transitions, failures }, blocklist] = await Promise.all([ops.history(book.id), ops.blocklist(book.id)]);
  const lines = [
    `${book.title}${book.subtitle ? `: ${book.subtitle}` : ''}`,
    `  id:        ${book.id}`,
    `  state:     ${book.state}`,
    `  source:    ${book.source}${book.requestedBy ? ` (requested by ${book.requestedBy})` : ''}`,
    `  authors:   ${book.authors.join(', ') || '-'}`,
    ...(book.seriesName ? [`  series:    ${book.seriesName}${book.seriesSequence ? ` #${book.seriesSequence}` : ''}`] : []),
    ...(book.asin ? [`  asin:      ${book.asin}`] : []),
    ...(book.isbn ? [`  isbn:      ${book.isbn}`] : []),
    ...(book.releaseDate ? [`  release:   ${book.releaseDate.toISOString().slice(0, 10)}`] : []),
    `  failures:  ${book.attempts}${book.retryStage ? ` (last: ${book.retryStage})` : ''}${book.nextRetryAt ? `, next try ${iso(book.nextRetryAt)}` : ''}`,
    'transitions:',
    ...transitions.map(
      (t) =>
        `  ${iso(t.at)}  ${(t.from ?? '(new)').padEnd(16)} → ${t.to.padEnd(16)} ${t.event} by ${t.actor}` +
        `${t.stage ? ` [${t.stage}]` : ''}${t.dueAt ? ` due ${iso(t.dueAt)}` : ''}${t.reason ? `: ${t.reason}` : ''}`,
    ),
    ...(failures.length ? ['failures:', ...failures.map((f) => `  ${iso(f.at)}  #${f.attempt} ${f.stage} ${f.errorType}${f.permanent ? ' (permanent)' : ''}: ${f.error}`)] : []),
    ...(blocklist.length ? ['blocklist:', ...blocklist.map((b) => `  ${iso(b.at)}  ${b.key}${b.title ? ` ${b.title}` : ''} by ${b.actor}${b.reason ? `: ${b.reason}` : ''}`)] : []),
  ];
  out.stdout(`${lines.join('\n')}\n`);
  return 0;
}

export type WantedAction = 'approve' | 'reject' | 'retry' | 'cancel' | 'blocklist';

export async function actOnWanted(ops: WantedOperations, action: WantedAction, id: string, opts: { reason?: string }, out: Out = processOut, onApproved?: OnApproved): Promise<number> {
  const result =
    action === 'approve'
      ? await ops.approve(id, ACTOR)
      : action === 'reject'
        ? await ops.reject(id, ACTOR, opts.reason)
        : action === 'retry'
          ? await ops.retry(id, ACTOR)
          : action === 'cancel'
            ? await ops.cancel(id, ACTOR, opts.reason)
            : await ops.blocklistCurrent(id, ACTOR, opts.reason);
  if (!result.ok) return refused(out, result);
  const release = 'release' in result ? ` (blocklisted ${result.release.infoHash ?? `${result.release.indexer ?? ''} ${result.release.guid ?? ''}`.trim()})` : '';
  const move = result.transition ? `${result.transition.from} → ${result.transition.to}` : `still ${result.book.state}`;
  out.stdout(`${action}: "${result.book.title}" (${result.book.id}) ${move}${release}\n`);
  if (result.transition?.to === 'APPROVED') await onApproved?.(result.book.id);
  return 0;
}

export async function addWanted(
  ops: WantedOperations,
  opts: { title: string; author: string[]; asin?: string; isbn?: string; approve?: boolean },
  out: Out = processOut,
  onApproved?: OnApproved,
): Promise<number> {
  const result = await ops.request({ title: opts.title, authors: opts.author, asin: opts.asin ?? null, isbn: opts.isbn ?? null, approved: opts.approve ?? false }, ACTOR);
  if (!result.ok) return refused(out, result);
  out.stdout(`added "${result.book.title}" (${result.book.id}) ${result.book.state}\n`);
  if (result.book.state === 'APPROVED') await onApproved?.(result.book.id);
  return 0;
}
