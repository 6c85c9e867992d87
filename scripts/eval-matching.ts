/**
 * `npm run eval:matching [-- path/to/pairs.jsonl] [--verbose]`: scores the matcher on Corpus A
 * (default ../shared/corpus/matching.dev.jsonl beside the repository) and prints the figures, the
 * errors by tag and, with --verbose, every wrong pair.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluatePairs, OUTSIDE_KNOWLEDGE_TAGS, parseLabelledPairs } from '../src/core/matching/evaluation.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--')) ?? path.resolve(repoRoot, '../shared/corpus/matching.dev.jsonl');

const pairs = parseLabelledPairs(readFileSync(file, 'utf8'));
const ev = evaluatePairs(pairs);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

console.log(`corpus: ${file} (${ev.total} pairs)`);
console.log(`precision (same): ${pct(ev.precision)}  target >= 97%  ${ev.precision >= 0.97 ? 'ok' : 'FAIL'}`);
console.log(`recall (visible): ${pct(ev.recall)}  target >= 95%  ${ev.recall >= 0.95 ? 'ok' : 'FAIL'}`);
console.log(`accuracy:         ${pct(ev.accuracy)}  target >= 92%  ${ev.accuracy >= 0.92 ? 'ok' : 'FAIL'}`);
console.log(`true positives ${ev.truePositives}, false positives ${ev.falsePositives}, false negatives ${ev.falseNegatives}`);
const errors = ev.outcomes.filter((o) => !o.correct);
const visibleErrors = errors.filter((o) => !o.pair.tags.some((t) => OUTSIDE_KNOWLEDGE_TAGS.has(t)));
console.log(`errors: ${errors.length}, of which ${visibleErrors.length} without an outside-knowledge tag (${[...OUTSIDE_KNOWLEDGE_TAGS].join(', ')})`);
console.log('\nerrors by tag (a pair counts under each of its tags):');
const rows = [...ev.errorsByTag.entries()].filter(([, e]) => e.errors > 0).sort((x, y) => y[1].errors - x[1].errors);
for (const [tag, e] of rows) console.log(`  ${tag.padEnd(24)} ${String(e.errors).padStart(3)} / ${e.total}`);
if (verbose) {
  console.log('\nwrong pairs:');
  for (const o of ev.outcomes.filter((x) => !x.correct)) {
    const { pair, result } = o;
    const show = (b: typeof pair.library) =>
      `${b.title}${b.subtitle ? ` | ${b.subtitle}` : ''} — ${b.authors.join('; ')}${(b.series ?? []).length ? ` [${(b.series ?? []).map((s) => `${s.name}#${s.sequence}`).join(', ')}]` : ''}`;
    console.log(`${pair.id} label=${pair.same} got=${result.same} (${result.score}) ${result.reasons.join(',')} tags=${pair.tags.join(',')}`);
    console.log(`   L: ${show(pair.library)}`);
    console.log(`   C: ${show(pair.candidate)}`);
  }
}
