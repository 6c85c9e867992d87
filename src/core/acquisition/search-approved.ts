import type { Clock } from '../clock.js';
import type { Log } from '../logger.port.js';
import type { ReleasePreferences } from '../releases/index.js';
import type { AcquisitionStore, ReleaseRecord, ReleaseSearcher, TorrentClientPort } from './acquisition.port.js';
import { grabCandidate, type GrabSettings } from './grab.js';
import { findRelease } from './release-search.js';
import type { WantedBook } from './wanted-book.port.js';
import { blocklistKeySet } from './wanted-keys.js';
import type { WantedOperations } from './wanted-operations.js';

export interface SearchApprovedDeps {
  operations: WantedOperations;
  store: AcquisitionStore;
  searchers: readonly ReleaseSearcher[];
  torrents?: TorrentClientPort | undefined;
  clock: Clock;
  log: Log;
  settings: GrabSettings & { maxActiveDownloads: number; preferences?: ReleasePreferences };
  mamBuffer?: () => Promise<number | null>;
}

export interface SearchRunResult {
  claimed: number;
  grabbed: number;
  failed: number;
  owned: number;
  /** Approved books left waiting because MAX_ACTIVE_DOWNLOADS downloads are active. */
  waiting: boolean;
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v.toFixed(u === 0 ? 0 : 1)} ${units[u]}`;
}

/**
 * The search-approved job's work: approved books are claimed in approval order (APPROVED → SEARCHING, a
 * compare-and-set under a lock every process shares, while fewer than MAX_ACTIVE_DOWNLOADS books are searching,
 * grabbed or downloading), searched, and the best acceptable release grabbed (SEARCHING → GRABBED). No acceptable
 * release, an outage or a failed grab is a failure on the retry schedule.
 */
export function createSearchApproved(deps: SearchApprovedDeps) {
  const { operations, store, log } = deps;

  async function claimNext(actor: string): Promise<WantedBook | 'full' | null> {
    return store.serialized('acquisition:claim', async () => {
      if ((await store.activeCount()) >= deps.settings.maxActiveDownloads) return 'full';
      for (const book of await store.approvedQueue(5)) {
        const moved = await operations.advance(book.id, 'search-start', actor, { expect: 'APPROVED' });
        if (moved.ok) return moved.book;
      }
      return null;
    });
  }

  async function fail(book: WantedBook, stage: 'search' | 'grab', errorType: string, message: string, actor: string) {
    const r = await operations.recordFailure(book.id, { stage, errorType, message }, actor, { expect: 'SEARCHING' });
    if (!r.ok) log.warn({ wantedBookId: book.id, refusal: r.message }, 'could not record the failure');
  }

  async function process(book: WantedBook, actor: string): Promise<'grabbed' | 'failed' | 'owned'> {
    const blocklist = blocklistKeySet(await operations.blocklist(book.id));
    const outcome = await findRelease(book, deps.searchers, blocklist, deps.settings.preferences);
    if (outcome.kind === 'none') {
      await store.recordReleases(book.id, outcome.records);
      await fail(book, 'search', outcome.errorType, outcome.message, actor);
      return 'failed';
    }
    if (!deps.torrents) {
      await store.recordReleases(book.id, outcome.records);
      await fail(book, 'grab', 'qbittorrent-not-configured', 'qBittorrent is not configured (QBITTORRENT_URL)', actor);
      return 'failed';
    }
    const records = outcome.records;
    const stored = new Map((await store.recordReleases(book.id, records)).map((r) => [r.guid, r.id]));
    const refusals: string[] = [];
    for (const [i, candidate] of outcome.candidates.entries()) {
      const result = candidate.judgement.result;
      const entry = records.find((r) => r.result === result);
      const grab = await grabCandidate(book, candidate, stored.get(result.guid) ?? null, { store, torrents: deps.torrents, settings: deps.settings, ...(deps.mamBuffer ? { mamBuffer: deps.mamBuffer } : {}) });
      if (grab.kind === 'refused') {
        refusals.push(`"${result.title}": ${grab.reason}`);
        if (entry) await store.recordReleases(book.id, [{ ...entry, reason: `not grabbed: ${grab.reason}` }]);
        continue;
      }
      if (grab.kind === 'owned') {
        const r = await operations.markOwned(book.id, grab.libraryBookId, actor);
        if (!r.ok) log.warn({ wantedBookId: book.id, refusal: r.message }, 'could not mark the book owned');
        return 'owned';
      }
      if (grab.kind === 'failed') {
        await fail(book, 'grab', grab.errorType, grab.reason, actor);
        return 'failed';
      }
      const why = i === 0 ? outcome.decision.summary : `the next acceptable release (${refusals.join('; ')})`;
      if (entry) await store.recordReleases(book.id, [{ ...entry, chosen: true, reason: why }]);
      const moved = await operations.advance(book.id, 'grab', actor, {
        expect: 'SEARCHING',
        ...(grab.adopted ? { reason: 'already in qBittorrent, adopted' } : {}),
        fields: [
          { name: 'Release', value: result.title },
          { name: 'Size', value: formatBytes(result.sizeBytes), inline: true },
          { name: 'Indexer', value: result.indexer, inline: true },
          { name: 'Why', value: why },
        ],
      });
      if (!moved.ok) log.warn({ wantedBookId: book.id, refusal: moved.message }, 'grabbed, but the book had moved on');
      return 'grabbed';
    }
    await fail(book, 'grab', 'grab-refused', `no acceptable release could be grabbed: ${refusals.join('; ')}`, actor);
    return 'failed';
  }

  return {
    /** Claims and works on approved books until none is left, the download slots are full, or the run is stopped. */
    async run(actor: string, signal?: AbortSignal, touch?: () => Promise<void>): Promise<SearchRunResult> {
      const out: SearchRunResult = { claimed: 0, grabbed: 0, failed: 0, owned: 0, waiting: false };
      while (!signal?.aborted) {
        const book = await claimNext(actor);
        if (book === 'full') {
          out.waiting = (await store.approvedQueue(1)).length > 0;
          break;
        }
        if (!book) break;
        out.claimed += 1;
        let result: 'grabbed' | 'failed' | 'owned';
        try {
          result = await process(book, actor);
        } catch (error) {
          // A storage or programming error: the book must not stay SEARCHING for ever.
          log.error({ err: error, wantedBookId: book.id }, 'search of an approved book failed');
          await fail(book, 'search', 'error', error instanceof Error ? error.message : String(error), actor);
          result = 'failed';
        }
        out[result] += 1;
        // A long queue: the job's lock is extended after each book.
        await touch?.();
      }
      return out;
    },
  };
}
