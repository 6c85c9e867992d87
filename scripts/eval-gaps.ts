/**
 * `npm run eval:gaps [-- path/to/gaps.jsonl] [--verbose]`: scores the gap decision on the labelled gap corpus
 * (default ../shared/corpus/gaps.dev.jsonl beside the repository) as ../shared/corpus/README-gaps.md scores it, and
 * prints the figures, the false gaps by what they hit, the errors by tag and, with --verbose, every wrong line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateGapLines } from '../src/core/discovery/evaluation.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const file = args.find((a) => !a.startsWith('--')) ?? path.resolve(repoRoot, '../shared/corpus/gaps.dev.jsonl');

const raw: unknown[] = readFileSync(file, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);
const ev = evaluateGapLines(raw);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const bar = (ok: boolean) => (ok ? 'ok' : 'FAIL');

console.log(`corpus: ${file} (${ev.lines} scopes)`);
console.log(`gap precision:      ${pct(ev.precision)}  (${ev.correctGaps}/${ev.predictedGaps})  bar >= 97%  ${bar(ev.precision >= 0.97)}`);
console.log(`gap recall:         ${pct(ev.recall)}  (${ev.correctGaps}/${ev.truthMissing})  bar >= 90%  ${bar(ev.recall >= 0.9)}`);
console.log(`upcoming accuracy:  ${pct(ev.upcomingAccuracy)}  (precision ${pct(ev.upcomingPrecision)}, recall ${pct(ev.upcomingRecall)})  bar >= 90%  ${bar(ev.upcomingAccuracy >= 0.9)}`);
console.log(`owned proposed:     ${ev.ownedProposed}  bar 0  ${bar(ev.ownedProposed === 0)}`);
console.log(`duplicate proposals: ${ev.duplicates}  bar 0  ${bar(ev.duplicates === 0)}`);
console.log(`merges: ${ev.merges}; lines fully right: ${ev.linesFullyRight}/${ev.lines}`);
if (ev.falseByHit.size > 0) {
  console.log('\nfalse gaps by what they hit:');
  for (const [hit, n] of [...ev.falseByHit.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${hit.padEnd(24)} ${n}`);
}
console.log('\nerrors by tag (a line counts its errors under each of its tags):');
const rows = [...ev.errorsByTag.entries()].filter(([, e]) => e.errors > 0).sort((x, y) => y[1].errors - x[1].errors);
for (const [tag, e] of rows) console.log(`  ${tag.padEnd(28)} ${String(e.errors).padStart(3)} errors on ${e.lines} lines`);
if (verbose) {
  console.log('\nwrong lines:');
  for (const o of ev.outcomes.filter((x) => x.errors > 0)) {
    console.log(`${o.id} (${o.errors} errors)`);
    for (const g of [...o.missing, ...o.upcoming].filter((x) => x.outcome !== 'correct')) {
      console.log(`   ${o.upcoming.includes(g) ? 'upcoming' : 'missing'} ${g.outcome}${g.hits.length ? ` (${g.hits.join(', ')})` : ''}: ${g.refs.join(' ')}`);
    }
    if (o.unfound.length) console.log(`   not found: ${o.unfound.join(', ')}`);
    if (o.unfoundUpcoming.length) console.log(`   upcoming not found: ${o.unfoundUpcoming.join(', ')}`);
  }
}
