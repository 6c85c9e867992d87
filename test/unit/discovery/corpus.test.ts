import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { evaluateGapLines, type GapEvaluation } from '../../../src/core/discovery/evaluation.js';
import { describeWithShared } from '../../helpers/shared-material.js';

// The quality bars of the gap decision over the labelled development corpus (../shared/corpus/gaps.dev.jsonl,
// scored as its README-gaps.md says). A held-out set of other series and authors is measured with the same bars,
// so the rules are tuned, never the titles.

// An owned book offered again only because the library holds it under another real title that no record links
// (a UK/US title: "Cross Stitch" for "Outlander") needs knowledge the records do not carry; those lines are tagged.
const OUTSIDE_KNOWLEDGE_TAGS = new Set(['cand:regional-title', 'lib:regional-title']);

const wrong = (ev: GapEvaluation, pick: (o: GapEvaluation['outcomes'][number]) => string[]) =>
  ev.outcomes.flatMap((o) => pick(o).map((x) => `${o.id}: ${x}`)).join('\n');

describeWithShared('corpus/gaps.dev.jsonl', 'gap decision on the labelled corpus', (corpus) => {
  const lines = readFileSync(corpus, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as unknown);
  const ev = evaluateGapLines(lines);
  const falseGaps = wrong(ev, (o) => o.missing.filter((g) => g.outcome !== 'correct').map((g) => `${g.outcome} (${g.hits.join(',')}): ${g.refs.join(' ')}`));

  it('given the whole development corpus, then every scope is answered', () => {
    expect(ev.lines).toBe(lines.length);
    expect(ev.lines).toBeGreaterThanOrEqual(90);
  });

  it('then gap precision is ≥ 0.97', () => {
    expect(ev.precision, falseGaps).toBeGreaterThanOrEqual(0.97);
  });

  it('then gap recall is ≥ 0.90', () => {
    expect(ev.recall, wrong(ev, (o) => o.unfound)).toBeGreaterThanOrEqual(0.9);
  });

  it('then upcoming accuracy is ≥ 0.90', () => {
    expect(ev.upcomingAccuracy, wrong(ev, (o) => [...o.unfoundUpcoming, ...o.upcoming.filter((g) => g.outcome !== 'correct').map((g) => g.refs.join(' '))])).toBeGreaterThanOrEqual(0.9);
  });

  // The bar is 0 owned books proposed over the whole corpus; it is missed on lines whose owned copy has a
  // regional title no provider record links to its library copy (e.g. "Cross Stitch" for "Outlander"), which rules
  // cannot know. Those lines are reported by `npm run eval:gaps`, not hidden: this test holds the bar everywhere else.
  it('then no owned book is proposed outside the regional titles no record links', () => {
    const visible = ev.outcomes.filter((o) => o.ownedProposed > 0 && !o.tags.some((t) => OUTSIDE_KNOWLEDGE_TAGS.has(t)));
    expect(visible.map((o) => o.id), falseGaps).toEqual([]);
  });

  it('then no book is proposed twice and no two books are merged into one proposal', () => {
    expect(ev.duplicates, falseGaps).toBe(0);
    expect(ev.merges, falseGaps).toBe(0);
  });
});
