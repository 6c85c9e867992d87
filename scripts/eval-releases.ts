import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateSearches, type SearchOutcome } from '../src/core/releases/evaluation.js';

// `npm run eval:releases [-- file.jsonl]`: figures of release selection on a labelled corpus, then every miss
// with the reason of each result involved.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const file = process.argv[2] ?? path.resolve(root, '../shared/corpus/releases.dev.jsonl');
const text = await readFile(file, 'utf8');
const lines: unknown[] = text
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as unknown);

const report = evaluateSearches(lines);
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function explain(o: SearchOutcome, guid: string | null): string {
  if (guid === null) return 'none';
  const all = [...o.decision.acceptable, ...o.decision.refused];
  const j = all.find((x) => x.result.guid === guid);
  if (!j) return `${guid} (not in results)`;
  return `${guid} "${j.result.title}" → ${j.refusal ? `refused: ${j.refusal.reason}` : `acceptable (${j.identity})`}`;
}

for (const o of report.outcomes.filter((x) => !x.safe || !x.exact)) {
  const kind = o.safe ? 'not best' : o.pick === null ? 'no pick ' : 'WRONG   ';
  console.log(`${kind} ${o.id} "${o.wantedTitle}"`);
  console.log(`   picked: ${explain(o, o.pick)}`);
  console.log(`   label : ${explain(o, o.labelBest)}`);
  for (const g of o.labelAcceptable.filter((g) => g !== o.labelBest)) console.log(`   also acceptable: ${explain(o, g)}`);
}
console.log(`\n${path.basename(file)}: ${report.searches} searches`);
console.log(`pick acceptable or both null: ${pct(report.safeRate)} (bar 98 %)`);
console.log(`pick equals labelled best:    ${pct(report.exactRate)} (bar 90 %)`);
console.log(`pick made when a best exists: ${pct(report.pickRate)} (bar 95 %)`);
