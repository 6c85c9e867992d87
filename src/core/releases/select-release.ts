import { decideWedge, isFree } from './mam-wedge.js';
import { parseReleaseName } from './parse-release-name.js';
import { defaultPreferences, type ReleasePreferences } from './preferences.js';
import { pickReason, rankAcceptable } from './ranking.js';
import { applyRules } from './refusal-rules.js';
import { mibPerHour } from './size.js';
import type { IndexerResult, ReleaseDecision, ReleaseJudgement, WantedBook } from './types.js';
import { prepareWanted, type WantedContext } from './wanted-context.js';

/** Judges one result against a prepared wanted book. Pure. */
export function judgeResult(ctx: WantedContext, result: IndexerResult, prefs: ReleasePreferences): ReleaseJudgement {
  const parsed = parseReleaseName(result.title);
  const rate = mibPerHour(result.sizeBytes, ctx.book.durationMinutes);
  const outcome = applyRules({ ctx, result, parsed, prefs, mibPerHour: rate });
  return { result, parsed, refusal: outcome.refusal, mibPerHour: rate, free: isFree(result, prefs), identity: outcome.identity };
}

/**
 * Given the wanted book and the results of one indexer search, which one (if any) to grab, and why every
 * other one was refused or ranked lower. Pure: no I/O, no clock, no randomness.
 */
export function selectRelease(
  wanted: WantedBook,
  results: readonly IndexerResult[],
  prefs: ReleasePreferences = defaultPreferences,
): ReleaseDecision {
  const ctx = prepareWanted(wanted);
  const judged = results.map((r) => judgeResult(ctx, r, prefs));
  const acceptable = rankAcceptable(
    judged.filter((j) => j.refusal === null),
    prefs,
  );
  const refused = judged.filter((j) => j.refusal !== null);
  const best = acceptable[0] ?? null;
  return {
    best,
    summary: best
      ? `picked "${best.result.title}": ${pickReason(acceptable, prefs)}`
      : results.length === 0
        ? 'no results'
        : `nothing acceptable among ${results.length} results`,
    acceptable,
    refused,
    wedge: best ? decideWedge(best.result, prefs) : null,
  };
}
