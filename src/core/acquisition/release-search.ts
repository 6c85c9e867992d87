import { defaultPreferences, selectRelease, type ReleaseDecision, type ReleaseJudgement, type ReleasePreferences, type WantedBook as ReleaseWanted } from '../releases/index.js';
import type { ReleaseRecord, ReleaseSearcher } from './acquisition.port.js';
import { noAcceptableSummary, searchQueries } from './search-plan.js';
import type { ReleaseSource } from './states.js';
import type { WantedBook } from './wanted-book.port.js';
import { isBlocklisted } from './wanted-keys.js';

/** The wanted book as release selection sees it. */
export function releaseWanted(book: WantedBook): ReleaseWanted {
  return {
    title: book.title,
    subtitle: book.subtitle,
    authors: book.authors,
    series: book.seriesName ? [{ name: book.seriesName, sequence: book.seriesSequence }] : [],
    durationMinutes: book.durationSeconds ? Math.round(book.durationSeconds / 60) : null,
    language: book.language,
  };
}

export interface Candidate {
  judgement: ReleaseJudgement;
  source: ReleaseSource;
  searcher: ReleaseSearcher;
  query: string;
}

export type SearchOutcome =
  | { kind: 'found'; candidates: Candidate[]; decision: ReleaseDecision; records: ReleaseRecord[] }
  /** Nothing acceptable: the message says why (the refusals, and any outage that may have hidden results). */
  | { kind: 'none'; errorType: 'no-acceptable-release' | 'upstream-outage'; message: string; records: ReleaseRecord[] };

function record(source: ReleaseSource, j: ReleaseJudgement, query: string, accepted: boolean, reason: string): ReleaseRecord {
  return { source, result: j.result, accepted, chosen: false, reason, query, format: j.parsed.format ?? j.parsed.formatLabel };
}

/**
 * The queries of searchQueries in order, each asked of every indexer, until one gives an acceptable release. Every
 * result is judged by selectRelease; a release blocklisted for the book is refused before it can be chosen. An
 * indexer that fails is an outage: when nothing acceptable was found, the failure names it (never "no results").
 */
export async function findRelease(
  book: WantedBook,
  searchers: readonly ReleaseSearcher[],
  blocklist: ReadonlySet<string>,
  prefs: ReleasePreferences = defaultPreferences,
): Promise<SearchOutcome> {
  const wanted = releaseWanted(book);
  const records: ReleaseRecord[] = [];
  const decisions: ReleaseDecision[] = [];
  const outages = new Map<string, string>();
  let blocklisted = 0;
  if (searchers.length === 0) return { kind: 'none', errorType: 'upstream-outage', message: 'no indexer is configured (PROWLARR_URL/PROWLARR_API_KEY or MAM_ID)', records };
  for (const query of searchQueries(wanted)) {
    const bySource = new Map<ReleaseSource, { searcher: ReleaseSearcher; results: ReleaseDecision['acceptable'][number]['result'][] }>();
    for (const searcher of searchers) {
      try {
        const answer = await searcher.search(query);
        for (const name of answer.unavailable) outages.set(`${searcher.source}:${name}`, `${name} (through ${searcher.source}) is failing`);
        const kept = answer.results.filter((r) => {
          if (!isBlocklisted(blocklist, { infoHash: null, indexer: r.indexer, guid: r.guid })) return true;
          blocklisted += 1;
          records.push({ source: searcher.source, result: r, accepted: false, chosen: false, reason: 'blocklisted for this book', query, format: null });
          return false;
        });
        bySource.set(searcher.source, { searcher, results: kept });
      } catch (error) {
        outages.set(searcher.source, `${searcher.source} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    const all = [...bySource.values()].flatMap((s) => s.results);
    const decision = selectRelease(wanted, all, prefs);
    decisions.push(decision);
    const sourceOf = (j: ReleaseJudgement) => [...bySource.entries()].find(([, s]) => s.results.includes(j.result))!;
    for (const j of decision.refused) records.push(record(sourceOf(j)[0], j, query, false, j.refusal!.reason));
    decision.acceptable.forEach((j, i) => records.push(record(sourceOf(j)[0], j, query, true, i === 0 ? decision.summary : `acceptable, ranked ${i + 1}`)));
    if (decision.best) {
      const candidates = decision.acceptable.map((j) => {
        const [source, s] = sourceOf(j);
        return { judgement: j, source, searcher: s.searcher, query };
      });
      return { kind: 'found', candidates, decision, records };
    }
  }
  const summary = noAcceptableSummary(decisions);
  const skipped = blocklisted > 0 ? ` (${blocklisted} blocklisted result${blocklisted === 1 ? '' : 's'} skipped)` : '';
  if (outages.size > 0) {
    const total = decisions.reduce((n, d) => n + d.acceptable.length + d.refused.length, 0);
    const what = total === 0 ? 'no release could be searched' : `${summary}${skipped}`;
    return { kind: 'none', errorType: 'upstream-outage', message: `${what}; outage: ${[...outages.values()].join('; ')}`, records };
  }
  return { kind: 'none', errorType: 'no-acceptable-release', message: `${summary}${skipped}`, records };
}
