import { describe, expect, it, vi } from 'vitest';
import { pickReleases } from '../../../src/cli/commands/pick-release.command.js';
import { runJsonlCommand } from '../../helpers/jsonl-command.js';

const run = (lines: string[]) => runJsonlCommand(pickReleases, lines);

const search = {
  id: 'B1',
  wanted: { title: 'Dune', authors: ['Frank Herbert'], series: [{ name: 'Dune', sequence: '1' }], durationMinutes: 1260 },
  results: [
    { guid: 'r1', title: 'Dune Messiah by Frank Herbert [ENG / M4B]', size: 900_000_000, seeders: 40, categories: [3030], indexer: 'MyAnonamouse' },
    { guid: 'r2', title: 'Dune by Frank Herbert [ENG / MP3]', size: 1_000_000_000, seeders: 19, categories: [3030], indexer: 'MyAnonamouse' },
    { guid: 'r3', title: 'Frank Herbert - Dune (Unabridged) [M4B]', size: 950_000_000, seeders: 3, categories: [3030], freeleech: true },
    { guid: 'r4', title: 'Dune by Frank Herbert (retail) (azw3)', size: 3_000_000, seeders: 23, categories: [7020] },
  ],
  acceptable: ['ignored'],
  best: 'ignored',
};

describe('pick-release command', () => {
  it('answers each search with the best guid and the acceptable guids in preference order', async () => {
    const { code, out } = await run([JSON.stringify(search)]);
    expect(code).toBe(0);
    expect(out).toEqual([{ id: 'B1', best: 'r3', acceptable: ['r3', 'r2'] }]);
  });

  it('still answers one line, with best null, for a line it cannot read, and reports on stderr only', async () => {
    const { code, out, stderr } = await run(['not json', JSON.stringify({ id: 7, wanted: {} }), '', JSON.stringify(search)]);
    expect(code).toBe(0);
    expect(out).toEqual([
      { id: null, best: null, acceptable: [] },
      { id: 7, best: null, acceptable: [] },
      { id: 'B1', best: 'r3', acceptable: ['r3', 'r2'] },
    ]);
    expect(stderr).toContain('line 1: not JSON');
    expect(stderr).toContain('line 2: wanted.title');
  });

  it('skips a malformed result but judges the others', async () => {
    const broken = { ...search, results: [{ guid: 'x' }, ...search.results] };
    const { out, stderr } = await run([JSON.stringify(broken)]);
    expect(out).toEqual([{ id: 'B1', best: 'r3', acceptable: ['r3', 'r2'] }]);
    expect(stderr).toContain('result #0 skipped');
  });

  it('reads raw Prowlarr and MyAnonamouse rows through their adapters', async () => {
    const prowlarrRow = {
      guid: 'https://tracker.example/t/9', title: 'Frank Herbert - Dune (Unabridged) [M4B]', size: 950_000_000, seeders: 3,
      indexerId: 4, indexer: 'Some Tracker', categories: [{ id: 3030 }], indexerFlags: ['freeleech'], publishDate: '2024-01-01T00:00:00Z', protocol: 'torrent',
    };
    const mamRow = {
      id: 42, title: 'Dune', author_info: '{"5":"Frank Herbert"}', lang_code: 'ENG', filetype: 'mp3', size: '953.7 MiB',
      seeders: '19', leechers: 0, main_cat: 13, category: 47, free: 0, vip: 0, fl_vip: 0, personal_freeleech: 0, added: '2024-01-01 00:00:00',
    };
    const halfleech = { ...prowlarrRow, guid: 'https://tracker.example/t/10', indexerFlags: ['halfleech'], seeders: 50 };
    const mixed = { ...search, results: [mamRow, prowlarrRow, halfleech, search.results[3]] };
    const { out, stderr } = await run([JSON.stringify(mixed)]);
    // M4B before MP3; among the M4Bs the freeleech one wins over more seeders (halfleech is not free).
    expect(out).toEqual([{ id: 'B1', best: prowlarrRow.guid, acceptable: [prowlarrRow.guid, halfleech.guid, 'https://www.myanonamouse.net/t/42'] }]);
    expect(stderr).toBe('');
  });

  it('answers null when nothing is acceptable', async () => {
    const none = { ...search, results: search.results.filter((r) => r.guid === 'r1' || r.guid === 'r4') };
    expect((await run([JSON.stringify(none)])).out).toEqual([{ id: 'B1', best: null, acceptable: [] }]);
  });
});
