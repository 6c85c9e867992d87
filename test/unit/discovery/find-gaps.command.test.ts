import { afterEach, describe, expect, it, vi } from 'vitest';
import { findGaps } from '../../../src/cli/commands/find-gaps.command.js';
import { runJsonlCommand } from '../../helpers/jsonl-command.js';

const run = (lines: string[]) => runJsonlCommand(findGaps, lines);

const candidate = (ref: string, title: string, sequence: string) => ({
  ref,
  source: ref.split(':')[0],
  title,
  subtitle: null,
  authors: ['Brandon Sanderson'],
  narrators: [],
  series: [{ name: 'Mistborn', sequence }],
  asin: null,
  isbn: null,
  language: 'english',
  releaseDate: '2010-01-01T00:00:00.000Z',
  format: 'audiobook',
  compilation: null,
});
const line = (id: string | number) =>
  JSON.stringify({
    id,
    scope: { kind: 'series', name: 'Mistborn', authors: ['Brandon Sanderson'] },
    today: '2026-01-01',
    options: { includeNovellas: true, includeAnthologies: false },
    owned: [{ title: 'Mistborn 01 - The Final Empire', subtitle: null, authors: ['Sanderson, Brandon'], narrators: [], series: [], asin: null, isbn: null }],
    candidates: [
      candidate('audnexus:A1', 'The Final Empire', '1'),
      candidate('audnexus:A2', 'The Well of Ascension', '2'),
      { ...candidate('hardcover:2', 'The Well of Ascension (Mistborn #2)', '2'), releaseDate: '2007' },
      { ...candidate('audnexus:A9', 'The Next One', '9'), releaseDate: '2027-05-01' },
    ],
    truth: { ignored: true },
    tags: ['ignored'],
  });

afterEach(() => vi.restoreAllMocks());

describe('find-gaps command', () => {
  it('given scopes on stdin, then exactly one {id, missing, upcoming} line per scope, each book with all its refs', async () => {
    const r = await run([line('G1'), line(2)]);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      { id: 'G1', missing: [['audnexus:A2', 'hardcover:2']], upcoming: [['audnexus:A9']] },
      { id: 2, missing: [['audnexus:A2', 'hardcover:2']], upcoming: [['audnexus:A9']] },
    ]);
    expect(Object.keys(r.out[0] as object)).toEqual(['id', 'missing', 'upcoming']);
  });

  it('given a line that is not JSON or not a scope, then it still answers, with an error, and the next line is answered', async () => {
    const r = await run(['{oops', JSON.stringify({ id: 'G2', scope: { kind: 'series' }, today: '2026-01-01', candidates: [] }), line('G3')]);
    expect(r.out).toHaveLength(3);
    expect(r.out[0]).toMatchObject({ id: null, missing: [], upcoming: [], error: expect.any(String) });
    expect(r.out[1]).toMatchObject({ id: 'G2', missing: [], upcoming: [], error: expect.any(String) });
    expect(r.out[2]).toMatchObject({ id: 'G3' });
    expect(r.stderr).toMatch(/line 1: not JSON/);
    expect(r.stderr).toMatch(/line 2: scope/);
  });

  it('given duplicate refs in one line, then that line is refused by its id', async () => {
    const bad = JSON.parse(line('G4')) as { candidates: unknown[] };
    bad.candidates.push(bad.candidates[0]);
    const r = await run([JSON.stringify(bad)]);
    expect(r.out).toEqual([{ id: 'G4', missing: [], upcoming: [], error: expect.any(String) }]);
    expect(r.stderr).toMatch(/duplicate ref/);
  });

  it('given blank lines, then they are not answered', async () => {
    const r = await run(['', line('G5'), '  ']);
    expect(r.out).toHaveLength(1);
  });
});
