import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { evaluatePairs, parseLabelledPairs, type Evaluation } from '../../../src/core/matching/evaluation.js';
import { describeWithShared } from '../../helpers/shared-material.js';

// The quality bar of the matcher over the labelled development corpus (../shared/corpus, beside the
// repository). A held-out set of other books is measured with the same bar, so rules are tuned, never titles.

const wrong = (e: Evaluation, pred: (o: Evaluation['outcomes'][number]) => boolean) =>
  e.outcomes
    .filter(pred)
    .map((o) => `${o.pair.id}: "${o.pair.library.title}" vs "${o.pair.candidate.title}" → ${o.result.reasons.join(',')}`)
    .join('\n');

describeWithShared('corpus/matching.dev.jsonl', 'matcher on the labelled corpus', (corpus) => {
  const pairs = parseLabelledPairs(readFileSync(corpus, 'utf8'));
  const ev = evaluatePairs(pairs);
  it('given the whole development corpus, then every pair is judged', () => {
    expect(ev.total).toBe(pairs.length);
    expect(ev.total).toBeGreaterThanOrEqual(400);
  });

  it('then "same" is right in ≥ 97 % of the pairs it claims (an owned book is never invented)', () => {
    expect(ev.precision, wrong(ev, (o) => o.result.same && !o.pair.same)).toBeGreaterThanOrEqual(0.97);
  });

  it('then ≥ 95 % of the same-book pairs the records can show are found (translations, regional titles, pen names and aliases excluded)', () => {
    expect(ev.recall, wrong(ev, (o) => !o.result.same && o.pair.same)).toBeGreaterThanOrEqual(0.95);
  });

  it('then ≥ 92 % of all pairs are decided as labelled', () => {
    expect(ev.accuracy).toBeGreaterThanOrEqual(0.92);
  });

  it('then every "same" verdict scores at least 0.5 and every "different" verdict below it', () => {
    for (const o of ev.outcomes) {
      expect(o.result.score >= 0.5, o.pair.id).toBe(o.result.same);
      expect(o.result.reasons.length, o.pair.id).toBeGreaterThan(0);
    }
  });
});
