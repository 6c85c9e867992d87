import { afterEach, describe, expect, it, vi } from 'vitest';
import { matchPairs } from '../../../src/cli/commands/match-pairs.command.js';
import { runJsonlCommand } from '../../helpers/jsonl-command.js';

const run = (lines: string[]) => runJsonlCommand(matchPairs, lines);

const pair = (id: string | number, libraryTitle: string, candidateTitle: string) =>
  JSON.stringify({
    id,
    library: { title: libraryTitle, subtitle: null, authors: ['Rothfuss, Patrick'], series: [] },
    candidate: { title: candidateTitle, subtitle: null, authors: ['Patrick Rothfuss'], series: [] },
    same: true,
    why: 'ignored',
    tags: ['ignored'],
  });

afterEach(() => vi.restoreAllMocks());

describe('match-pairs command', () => {
  it('given pairs on stdin, then exactly one {id, same, score} line per pair comes out, in order', async () => {
    const r = await run([pair('A1', 'Name of the Wind, The (Unabridged)', 'The Name of the Wind'), pair(2, 'The Name of the Wind', "The Wise Man's Fear")]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    expect(r.out[0]).toEqual({ id: 'A1', same: true, score: expect.any(Number) });
    expect(r.out[1]).toEqual({ id: 2, same: false, score: expect.any(Number) });
    expect(Object.keys(r.out[0] as object)).toEqual(['id', 'same', 'score']);
  });

  it('given a line that is not JSON, then it still answers with id null and reports on stderr only', async () => {
    const r = await run(['{oops', pair('A2', 'Relic', 'Relic')]);
    expect(r.out).toEqual([{ id: null, same: false, score: 0 }, { id: 'A2', same: true, score: expect.any(Number) }]);
    expect(r.stderr).toContain('line 1');
    expect(r.code).toBe(0);
  });

  it('given a JSON line with a broken record, then it answers with its id and not same', async () => {
    const r = await run([JSON.stringify({ id: 'A3', library: { title: 42 }, candidate: { title: 'x', authors: [] } })]);
    expect(r.out).toEqual([{ id: 'A3', same: false, score: 0 }]);
    expect(r.stderr).toMatch(/line 1: library\.title/);
  });

  it('given blank lines, then they are not answered', async () => {
    const r = await run(['', pair('A4', 'Relic', 'Relic'), '   ']);
    expect(r.out).toHaveLength(1);
  });

  it('given lenient shapes (author string, numeric sequence, missing series), then they are read', async () => {
    const line = JSON.stringify({
      id: 'A5',
      library: { title: 'Kingkiller Chronicle, Book 2', authors: 'Patrick Rothfuss', series: [{ name: 'Kingkiller Chronicle', sequence: 2 }] },
      candidate: { title: "The Wise Man's Fear", authors: ['Patrick Rothfuss'], series: [{ name: 'The Kingkiller Chronicle', sequence: '2' }] },
    });
    const r = await run([line]);
    expect(r.out).toEqual([{ id: 'A5', same: true, score: expect.any(Number) }]);
  });
});
