import { z } from 'zod';
import { compareBooks } from './compare.js';
import { bookRecordSchema } from './schema.js';
import type { BookRecord, MatchResult } from './types.js';

/**
 * Scoring of the matcher against labelled pairs (Corpus A, ../shared/corpus/README.md). Used by the
 * quality-bar test and `npm run eval:matching`; file reading stays with the callers.
 */

/** Tags whose pairs need outside knowledge (translations, regional titles, pen names, fan aliases). */
export const OUTSIDE_KNOWLEDGE_TAGS: ReadonlySet<string> = new Set([
  'translated-title',
  'regional-title',
  'pen-name',
  'alias-title',
]);

export const labelledPairSchema = z.object({
  id: z.string(),
  library: bookRecordSchema,
  candidate: bookRecordSchema,
  same: z.boolean(),
  tags: z.array(z.string()).default([]),
});

export type LabelledPair = z.infer<typeof labelledPairSchema>;

export interface PairOutcome {
  pair: LabelledPair;
  result: MatchResult;
  correct: boolean;
}

export interface Evaluation {
  total: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Precision of "same" over all pairs. */
  precision: number;
  /** Recall of "same" over pairs the records can show (no outside-knowledge tag). */
  recall: number;
  accuracy: number;
  outcomes: PairOutcome[];
  /** Errors per tag: how many pairs carrying the tag were decided wrongly, and how many carry it. */
  errorsByTag: Map<string, { errors: number; total: number }>;
}

export function parseLabelledPairs(jsonl: string): LabelledPair[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => labelledPairSchema.parse(JSON.parse(l)));
}

export function evaluatePairs(
  pairs: LabelledPair[],
  compare: (library: BookRecord, candidate: BookRecord) => MatchResult = compareBooks,
): Evaluation {
  let tp = 0;
  let fp = 0;
  let correct = 0;
  let visibleSame = 0;
  let visibleFound = 0;
  const outcomes: PairOutcome[] = [];
  const errorsByTag = new Map<string, { errors: number; total: number }>();
  for (const pair of pairs) {
    const result = compare(pair.library, pair.candidate);
    const ok = result.same === pair.same;
    if (ok) correct++;
    if (result.same && pair.same) tp++;
    if (result.same && !pair.same) fp++;
    if (pair.same && !pair.tags.some((t) => OUTSIDE_KNOWLEDGE_TAGS.has(t))) {
      visibleSame++;
      if (result.same) visibleFound++;
    }
    for (const tag of pair.tags) {
      const e = errorsByTag.get(tag) ?? { errors: 0, total: 0 };
      e.total++;
      if (!ok) e.errors++;
      errorsByTag.set(tag, e);
    }
    outcomes.push({ pair, result, correct: ok });
  }
  const fn = pairs.filter((p) => p.same).length - tp;
  return {
    total: pairs.length,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: tp + fp === 0 ? 1 : tp / (tp + fp),
    recall: visibleSame === 0 ? 1 : visibleFound / visibleSame,
    accuracy: pairs.length === 0 ? 1 : correct / pairs.length,
    outcomes,
    errorsByTag,
  };
}
