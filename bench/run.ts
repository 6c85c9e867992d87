import { readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchRow } from './types.js';

// `npm run bench [-- name-filter]`: runs every bench/*.bench.ts, prints one table and writes bench/results.json.
const here = path.dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];

const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
const rows: BenchRow[] = [];
for (const file of files) {
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule;
  process.stderr.write(`running ${file}…\n`);
  rows.push(...(await mod.run()));
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const table = [
  ['benchmark', 'value', 'unit', 'target', 'ok'],
  ...rows.map((r) => [r.name, fmt(r.value), r.unit, r.target ?? '', r.pass === undefined ? '' : r.pass ? 'yes' : 'NO']),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
for (const row of table) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
console.log(`machine: ${machine}`);

// A filtered run updates its own rows and keeps the others, so results.json always holds every benchmark.
const resultsFile = path.join(here, 'results.json');
let kept: BenchRow[] = [];
if (filter) {
  try {
    const names = new Set(rows.map((r) => r.name));
    kept = (JSON.parse(await readFile(resultsFile, 'utf8')) as { rows: BenchRow[] }).rows.filter((r) => !names.has(r.name));
  } catch {
    // no earlier results
  }
}
await writeFile(resultsFile, `${JSON.stringify({ date: new Date().toISOString(), machine, rows: [...kept, ...rows] }, null, 2)}\n`);
process.exit(rows.some((r) => r.pass === false) ? 1 : 0);
