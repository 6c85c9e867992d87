/**
 * `npm run eval:metadata [-- path/to/metadata.jsonl] [--verbose]`: scores the metadata decision on the labelled
 * corpus (default ../shared/corpus/metadata.dev.jsonl beside the repository) exactly as README-metadata.md scores
 * it, and prints the figures against the bars, the errors by tag and, with --verbose, every wrong line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateProposals, parseLabelledLines, SCORED_FIELDS } from '../src/core/metadata/evaluation.js';
import { proposeMetadata, toAnswerFields } from '../src/core/metadata/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--')) ?? path.resolve(repoRoot, '../shared/corpus/metadata.dev.jsonl');

const lines = parseLabelledLines(readFileSync(file, 'utf8'));
const ev = evaluateProposals(lines, (l) => {
  const p = proposeMetadata(l.item, l.candidates);
  return { id: l.id, match: p.match, fields: toAnswerFields(p) };
});
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const bar = (ok: boolean) => (ok ? 'ok' : 'FAIL');

console.log(`corpus: ${file} (${ev.lines} lines)`);
console.log(`wrong-match rate:     ${pct(ev.wrongMatchRate)}  bar <= 1%   ${bar(ev.wrongMatchRate <= 0.01)}`);
console.log(`match recall:         ${pct(ev.matchRecall)}  bar >= 90%  ${bar(ev.matchRecall >= 0.9)}`);
console.log(`no-match correctness: ${pct(ev.noMatchCorrectness)}  bar >= 95%  ${bar(ev.noMatchCorrectness >= 0.95)}`);
for (const f of SCORED_FIELDS) {
  console.log(`field accuracy ${f.padEnd(14)} ${pct(ev.fieldAccuracy[f])}  bar >= 95%  ${bar(ev.fieldAccuracy[f] >= 0.95)}`);
}
console.log(`downgrades:           ${ev.downgrades}  bar 0  ${bar(ev.downgrades === 0)}`);
console.log('\nerrors by tag (a line counts under each of its tags):');
const rows = [...ev.errorsByTag.entries()].filter(([, e]) => e.errors > 0).sort((x, y) => y[1].errors - x[1].errors);
for (const [tag, e] of rows) console.log(`  ${tag.padEnd(32)} ${String(e.errors).padStart(3)} / ${e.total}`);
if (verbose) {
  console.log('\nwrong lines:');
  for (const o of ev.outcomes.filter((x) => !x.ok)) {
    const { line, answer } = o;
    console.log(`${line.id} item=${JSON.stringify(line.item.title)} ${JSON.stringify(line.item.authors)} tags=${line.tags.join(',')}`);
    if (o.wrongRefs.length) console.log(`   wrong refs: ${o.wrongRefs.map((r) => `${r} (${line.truth.why[r] ?? ''})`).join('; ')}`);
    if (o.recalled === false) console.log(`   missed: ${line.truth.match.join(', ')}`);
    if (o.noMatchCorrect === false) console.log(`   matched on a no-match line: ${answer.match.join(', ')}`);
    for (const f of o.wrongFields) console.log(`   ${f}: got ${JSON.stringify(answer.fields[f] ?? '(kept)')} truth ${JSON.stringify(line.truth.fields[f])} library ${JSON.stringify(line.item[f])}`);
    for (const f of o.downgrades) console.log(`   DOWNGRADE ${f}: ${JSON.stringify(line.item[f])} → ${JSON.stringify(answer.fields[f])}`);
  }
}
