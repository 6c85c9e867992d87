import { z } from 'zod';
import type { ReleasePreferences } from './preferences.js';
import { releaseSearchLineSchema, toSearch } from './release-search.schema.js';
import { selectRelease } from './select-release.js';
import type { ReleaseDecision } from './types.js';

/**
 * Scores release selection against labelled searches (the corpus format: `acceptable` and `best` guids).
 * Shared by the quality-bar test and `npm run eval:releases`.
 */
export const labelledSearchSchema = releaseSearchLineSchema.extend({
  acceptable: z.array(z.string()),
  best: z.string().nullable(),
});

export interface SearchOutcome {
  id: string | number;
  wantedTitle: string;
  labelBest: string | null;
  labelAcceptable: string[];
  decision: ReleaseDecision;
  pick: string | null;
  /** The pick is labelled acceptable, or both are null. */
  safe: boolean;
  exact: boolean;
}

export interface EvaluationReport {
  searches: number;
  safeRate: number;
  exactRate: number;
  /** Among searches whose label has a best, the share where a pick was made. */
  pickRate: number;
  outcomes: SearchOutcome[];
}

export function evaluateSearches(lines: unknown[], prefs?: ReleasePreferences): EvaluationReport {
  const outcomes = lines.map((raw): SearchOutcome => {
    const line = labelledSearchSchema.parse(raw);
    const search = toSearch(line);
    const decision = selectRelease(search.wanted, search.results, prefs);
    const pick = decision.best?.result.guid ?? null;
    return {
      id: line.id,
      wantedTitle: search.wanted.title,
      labelBest: line.best,
      labelAcceptable: line.acceptable,
      decision,
      pick,
      safe: pick === null ? line.best === null : line.acceptable.includes(pick),
      exact: pick === line.best,
    };
  });
  const withBest = outcomes.filter((o) => o.labelBest !== null);
  const share = (n: number, d: number) => (d === 0 ? 1 : n / d);
  return {
    searches: outcomes.length,
    safeRate: share(outcomes.filter((o) => o.safe).length, outcomes.length),
    exactRate: share(outcomes.filter((o) => o.exact).length, outcomes.length),
    pickRate: share(withBest.filter((o) => o.pick !== null).length, withBest.length),
    outcomes,
  };
}
