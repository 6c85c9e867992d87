import { z } from 'zod';
import { sameNames, sameSeries, sameText, sameYear } from './field-equality.js';
import { proposeLineSchema } from './schema.js';
import type { LibraryItem, SeriesValue } from './types.js';

/**
 * Scoring of metadata proposals against labelled lines (../shared/corpus/README-metadata.md, "Scoring"), used by
 * the quality-bar test and `npm run eval:metadata`. It scores answers in the CLI's output form, so the figures are
 * those of the command itself; file reading stays with the callers.
 */

const seriesSchema = z.array(z.object({ name: z.string(), sequence: z.union([z.string(), z.number()]).nullish() }));

export const truthSchema = z.object({
  match: z.array(z.string()),
  fields: z
    .object({
      title: z.string().nullish(),
      subtitle: z.string().nullish(),
      authors: z.array(z.string()).nullish(),
      narrators: z.array(z.string()).nullish(),
      series: seriesSchema.nullish(),
      publishedYear: z.union([z.number(), z.string()]).nullish(),
      asin: z.string().nullish(),
    })
    .passthrough(),
  keep: z.array(z.string()).default([]),
  why: z.record(z.string(), z.string()).default({}),
});

export const labelledLineSchema = proposeLineSchema.extend({ truth: truthSchema, tags: z.array(z.string()).default([]) });
export type LabelledLine = z.output<typeof labelledLineSchema>;

/** The CLI's answer for one line. */
export interface ProposalAnswer {
  id: string | number | null;
  match: string[];
  fields: Record<string, unknown>;
}

export const SCORED_FIELDS = ['title', 'authors', 'series', 'publishedYear'] as const;
export const GUARDED_FIELDS = ['title', 'subtitle', 'authors', 'narrators', 'series', 'publishedYear', 'asin'] as const;
type ScoredField = (typeof SCORED_FIELDS)[number];
type GuardedField = (typeof GUARDED_FIELDS)[number];

export interface LineOutcome {
  line: LabelledLine;
  answer: ProposalAnswer;
  wrongRefs: string[];
  /** null when the line has no right candidate. */
  recalled: boolean | null;
  /** null when the line has a right candidate. */
  noMatchCorrect: boolean | null;
  wrongFields: ScoredField[];
  downgrades: GuardedField[];
  ok: boolean;
}

export interface MetadataEvaluation {
  lines: number;
  wrongMatchRate: number;
  matchRecall: number;
  noMatchCorrectness: number;
  fieldAccuracy: Record<ScoredField, number>;
  downgrades: number;
  outcomes: LineOutcome[];
  errorsByTag: Map<string, { errors: number; total: number }>;
}

export function parseLabelledLines(jsonl: string): LabelledLine[] {
  return jsonl
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => labelledLineSchema.parse(JSON.parse(l)));
}

const asSeries = (v: unknown): SeriesValue[] =>
  Array.isArray(v)
    ? v.map((s: { name?: unknown; sequence?: unknown }) => ({
        name: String(s?.name ?? ''),
        sequence: s?.sequence == null ? null : String(s.sequence),
      }))
    : [];
const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const asText = (v: unknown): string | null => (v == null ? null : String(v));

/** Equality of one field's values as the scorer compares them. */
export function sameFieldValue(field: GuardedField, a: unknown, b: unknown): boolean {
  switch (field) {
    case 'authors':
    case 'narrators':
      return sameNames(asList(a), asList(b));
    case 'series':
      return sameSeries(asSeries(a), asSeries(b));
    case 'publishedYear':
      return sameYear(asText(a), asText(b)) || (asText(a) === null && asText(b) === null);
    default:
      return sameText(asText(a), asText(b));
  }
}

function itemValue(item: LibraryItem, field: GuardedField): unknown {
  return item[field];
}

export function scoreLine(line: LabelledLine, answer: ProposalAnswer): LineOutcome {
  const right = new Set(line.truth.match);
  const keep = new Set(line.truth.keep);
  const wrongRefs = answer.match.filter((r) => !right.has(r));
  const hasRight = right.size > 0;
  const recalled = hasRight ? answer.match.some((r) => right.has(r)) : null;
  const noMatchCorrect = hasRight ? null : answer.match.length === 0;
  const wrongFields: ScoredField[] = [];
  if (hasRight) {
    for (const f of SCORED_FIELDS) {
      const truth = line.truth.fields[f];
      if (f === 'publishedYear' && truth == null) continue;
      const proposed = Object.hasOwn(answer.fields, f);
      const good = proposed ? sameFieldValue(f, answer.fields[f], truth ?? (f === 'series' ? [] : null)) : keep.has(f);
      if (!good) wrongFields.push(f);
    }
  }
  const downgrades = GUARDED_FIELDS.filter(
    (f) => keep.has(f) && Object.hasOwn(answer.fields, f) && !sameFieldValue(f, answer.fields[f], itemValue(line.item, f)),
  );
  const ok = wrongRefs.length === 0 && recalled !== false && noMatchCorrect !== false && wrongFields.length === 0 && downgrades.length === 0;
  return { line, answer, wrongRefs, recalled, noMatchCorrect, wrongFields, downgrades, ok };
}

export function evaluateProposals(lines: LabelledLine[], answer: (line: LabelledLine) => ProposalAnswer): MetadataEvaluation {
  const outcomes = lines.map((l) => scoreLine(l, answer(l)));
  const share = (xs: boolean[]) => (xs.length === 0 ? 1 : xs.filter(Boolean).length / xs.length);
  const withRight = outcomes.filter((o) => o.recalled !== null);
  const fieldAccuracy = Object.fromEntries(
    SCORED_FIELDS.map((f) => {
      const scored = withRight.filter((o) => f !== 'publishedYear' || o.line.truth.fields.publishedYear != null);
      return [f, share(scored.map((o) => !o.wrongFields.includes(f)))];
    }),
  ) as Record<ScoredField, number>;
  const errorsByTag = new Map<string, { errors: number; total: number }>();
  for (const o of outcomes) {
    for (const tag of o.line.tags) {
      const e = errorsByTag.get(tag) ?? { errors: 0, total: 0 };
      e.total++;
      if (!o.ok) e.errors++;
      errorsByTag.set(tag, e);
    }
  }
  return {
    lines: outcomes.length,
    wrongMatchRate: outcomes.length === 0 ? 0 : outcomes.filter((o) => o.wrongRefs.length > 0).length / outcomes.length,
    matchRecall: share(withRight.map((o) => o.recalled === true)),
    noMatchCorrectness: share(outcomes.filter((o) => o.noMatchCorrect !== null).map((o) => o.noMatchCorrect === true)),
    fieldAccuracy,
    downgrades: outcomes.reduce((n, o) => n + o.downgrades.length, 0),
    outcomes,
    errorsByTag,
  };
}
