import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { evaluateSearches } from '../../../src/core/releases/evaluation.js';
import { describeWithShared } from '../../helpers/shared-material.js';

// The quality bar of release selection over the labelled development corpus. A held-out set of other books
// is measured with the same bar, so the rules are tuned, never the titles.
describeWithShared('corpus/releases.dev.jsonl', 'release selection on the labelled corpus', (corpus) => {
  const lines = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
  const report = evaluateSearches(lines);
  const misses = (pred: (o: (typeof report.outcomes)[number]) => boolean) =>
    report.outcomes.filter(pred).map((o) => `${o.id} picked ${o.pick ?? 'nothing'}, labelled ${o.labelBest ?? 'nothing'}`);
  it('covers the whole corpus', () => {
    expect(report.searches).toBe(lines.length);
    expect(report.searches).toBeGreaterThanOrEqual(100);
  });

  it('never grabs the wrong thing: the pick is labelled acceptable, or both are null, in ≥ 98 %', () => {
    expect(report.safeRate, misses((o) => !o.safe).join('\n')).toBeGreaterThanOrEqual(0.98);
  });

  it('picks the labelled best in ≥ 90 %', () => {
    expect(report.exactRate, misses((o) => !o.exact).join('\n')).toBeGreaterThanOrEqual(0.9);
  });

  it('makes a pick in ≥ 95 % of the searches that have a best', () => {
    expect(report.pickRate, misses((o) => o.labelBest !== null && o.pick === null).join('\n')).toBeGreaterThanOrEqual(0.95);
  });
});
