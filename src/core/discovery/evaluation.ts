import { z } from 'zod';
import { decideGaps, proposals } from './decide.js';
import { gapLineSchema, toQuestion } from './schema.js';

/**
 * Scoring of the gap decision against the labelled gap corpus, exactly as ../shared/corpus/README-gaps.md says
 * ("How to score"). Used by the quality-bar test and `npm run eval:gaps`; reading files stays with the callers.
 */

const truthSchema = z.object({
  id: z.union([z.string(), z.number()]),
  truth: z.object({
    missing: z.array(z.object({ book: z.string(), refs: z.array(z.string()) })),
    upcoming: z.array(z.object({ book: z.string(), refs: z.array(z.string()) })),
    other: z.array(z.object({ ref: z.string(), class: z.string() })),
  }),
  tags: z.array(z.string()).default([]),
});

export type GroupOutcome = 'correct' | 'false' | 'duplicate' | 'merge';

export interface LineOutcome {
  id: string | number;
  tags: string[];
  missing: { refs: string[]; outcome: GroupOutcome; hits: string[] }[];
  upcoming: { refs: string[]; outcome: GroupOutcome; hits: string[] }[];
  /** Truth-missing books no group claimed. */
  unfound: string[];
  unfoundUpcoming: string[];
  ownedProposed: number;
  errors: number;
}

export interface GapEvaluation {
  lines: number;
  predictedGaps: number;
  correctGaps: number;
  truthMissing: number;
  precision: number;
  recall: number;
  upcomingPredicted: number;
  upcomingCorrect: number;
  truthUpcoming: number;
  upcomingPrecision: number;
  upcomingRecall: number;
  upcomingAccuracy: number;
  ownedProposed: number;
  duplicates: number;
  merges: number;
  linesFullyRight: number;
  /** False gaps by what they hit: 'owned', 'upcoming', 'trap:<kind>', 'missing' (a wrong book), 'unknown-ref'. */
  falseByHit: Map<string, number>;
  /** Per tag: errors on lines carrying it, and how many lines carry it. */
  errorsByTag: Map<string, { errors: number; lines: number }>;
  outcomes: LineOutcome[];
}

interface Label {
  kind: 'missing' | 'upcoming' | 'owned' | 'trap';
  key: string;
}

function judge(
  groups: string[][],
  want: 'missing' | 'upcoming',
  labels: Map<string, Label>,
  claimed: Set<string>,
): { refs: string[]; outcome: GroupOutcome; hits: string[] }[] {
  return groups.map((refs) => {
    const ls = refs.map((r) => labels.get(r));
    const off = ls.filter((l) => !l || l.kind !== want);
    if (off.length > 0 || refs.length === 0) {
      const hits = off.map((l) => (!l ? 'unknown-ref' : l.kind === 'trap' ? l.key : l.kind));
      return { refs, outcome: 'false', hits: [...new Set(hits.length > 0 ? hits : ['empty'])] };
    }
    const books = new Set(ls.map((l) => l!.key));
    if (books.size > 1) return { refs, outcome: 'merge', hits: [] };
    const book = [...books][0]!;
    if (claimed.has(book)) return { refs, outcome: 'duplicate', hits: [] };
    claimed.add(book);
    return { refs, outcome: 'correct', hits: [] };
  });
}

export function evaluateGapLines(lines: unknown[]): GapEvaluation {
  const ev: GapEvaluation = {
    lines: 0, predictedGaps: 0, correctGaps: 0, truthMissing: 0, precision: 1, recall: 1,
    upcomingPredicted: 0, upcomingCorrect: 0, truthUpcoming: 0, upcomingPrecision: 1, upcomingRecall: 1, upcomingAccuracy: 1,
    ownedProposed: 0, duplicates: 0, merges: 0, linesFullyRight: 0,
    falseByHit: new Map(), errorsByTag: new Map(), outcomes: [],
  };
  for (const raw of lines) {
    const labelled = truthSchema.parse(raw);
    const answer = proposals(decideGaps(toQuestion(gapLineSchema.parse(raw))));
    const labels = new Map<string, Label>();
    for (const g of labelled.truth.missing) for (const r of g.refs) labels.set(r, { kind: 'missing', key: g.book });
    for (const g of labelled.truth.upcoming) for (const r of g.refs) labels.set(r, { kind: 'upcoming', key: g.book });
    for (const o of labelled.truth.other) labels.set(o.ref, { kind: o.class.startsWith('owned:') ? 'owned' : 'trap', key: o.class });

    const claimedMissing = new Set<string>();
    const claimedUpcoming = new Set<string>();
    const missing = judge(answer.missing, 'missing', labels, claimedMissing);
    const upcoming = judge(answer.upcoming, 'upcoming', labels, claimedUpcoming);
    const ownedProposed = [...answer.missing, ...answer.upcoming].filter((g) => g.some((r) => labels.get(r)?.kind === 'owned')).length;
    const unfound = labelled.truth.missing.map((g) => g.book).filter((b) => !claimedMissing.has(b));
    const unfoundUpcoming = labelled.truth.upcoming.map((g) => g.book).filter((b) => !claimedUpcoming.has(b));
    const wrong = [...missing, ...upcoming].filter((g) => g.outcome !== 'correct').length;
    const errors = wrong + unfound.length + unfoundUpcoming.length;

    ev.lines++;
    ev.predictedGaps += missing.length;
    ev.correctGaps += missing.filter((g) => g.outcome === 'correct').length;
    ev.truthMissing += labelled.truth.missing.length;
    ev.upcomingPredicted += upcoming.length;
    ev.upcomingCorrect += upcoming.filter((g) => g.outcome === 'correct').length;
    ev.truthUpcoming += labelled.truth.upcoming.length;
    ev.ownedProposed += ownedProposed;
    ev.duplicates += [...missing, ...upcoming].filter((g) => g.outcome === 'duplicate').length;
    ev.merges += [...missing, ...upcoming].filter((g) => g.outcome === 'merge').length;
    if (errors === 0) ev.linesFullyRight++;
    for (const g of [...missing, ...upcoming]) for (const h of g.hits) ev.falseByHit.set(h, (ev.falseByHit.get(h) ?? 0) + 1);
    for (const tag of labelled.tags) {
      const t = ev.errorsByTag.get(tag) ?? { errors: 0, lines: 0 };
      t.lines++;
      t.errors += errors;
      ev.errorsByTag.set(tag, t);
    }
    ev.outcomes.push({ id: labelled.id, tags: labelled.tags, missing, upcoming, unfound, unfoundUpcoming, ownedProposed, errors });
  }
  ev.precision = ev.predictedGaps === 0 ? 1 : ev.correctGaps / ev.predictedGaps;
  ev.recall = ev.truthMissing === 0 ? 1 : (ev.correctGaps) / ev.truthMissing;
  ev.upcomingPrecision = ev.upcomingPredicted === 0 ? 1 : ev.upcomingCorrect / ev.upcomingPredicted;
  ev.upcomingRecall = ev.truthUpcoming === 0 ? 1 : ev.upcomingCorrect / ev.truthUpcoming;
  const denominator = ev.truthUpcoming + ev.upcomingPredicted - ev.upcomingCorrect;
  ev.upcomingAccuracy = denominator === 0 ? 1 : ev.upcomingCorrect / denominator;
  return ev;
}
