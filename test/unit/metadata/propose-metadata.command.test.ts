import { afterEach, describe, expect, it, vi } from 'vitest';
import { proposeMetadataLines } from '../../../src/cli/commands/propose-metadata.command.js';
import { runJsonlCommand } from '../../helpers/jsonl-command.js';

const run = (lines: string[]) => runJsonlCommand<Record<string, unknown>>(proposeMetadataLines, lines);

const line = (id: string | number, itemTitle: string) =>
  JSON.stringify({
    id,
    item: { title: itemTitle, subtitle: null, authors: ['Becky Chambers'], narrators: [], series: [], asin: null, isbn: null, publishedYear: '2016', durationMinutes: 1020, language: 'en' },
    candidates: [
      { ref: 'audnexus:B0TESTLW01', source: 'audnexus', title: 'The Long Way to a Small, Angry Planet', subtitle: 'Wayfarers, Book 1', authors: ['Becky Chambers'], narrators: ['Rachel Dulude'], series: [{ name: 'Wayfarers', sequence: 'Book 1' }], asin: 'B0TESTLW01', isbn: null, publishedYear: 2016, durationMinutes: 1031, language: 'english', format: 'unabridged', publisher: 'Harper Audio' },
      { ref: 'hardcover:9', source: 'hardcover', title: 'A Closed and Common Orbit', subtitle: null, authors: ['Becky Chambers'], narrators: [], series: [{ name: 'Wayfarers', sequence: '2' }], asin: null, isbn: null, publishedYear: 2016, durationMinutes: null, language: null, format: null, publisher: null },
      { ref: 'openLibrary:OL9W', source: 'openLibrary', title: 'The Long Way to a Small, Angry Planet', subtitle: null, authors: ['Becky Chambers'], narrators: [], series: [], asin: null, isbn: '9780062444134', publishedYear: 2014, durationMinutes: null, language: 'eng', format: 'Paperback', publisher: 'Harper Voyager' },
    ],
    truth: { match: ['ignored'] },
    tags: ['ignored'],
  });

afterEach(() => vi.restoreAllMocks());

describe('propose-metadata command', () => {
  it('given lines on stdin, then exactly one {id, match, fields} line per input comes out, in order', async () => {
    const r = await run([line('W1', 'Long Way to a Small Angry Planet, The (Unabridged)'), line(2, 'The Long Way to a Small, Angry Planet')]);
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(2);
    expect(Object.keys(r.out[0]!)).toEqual(['id', 'match', 'fields']);
    expect(r.out[0]).toEqual({
      id: 'W1',
      match: ['audnexus:B0TESTLW01', 'openLibrary:OL9W'],
      fields: {
        title: 'The Long Way to a Small, Angry Planet',
        narrators: ['Rachel Dulude'],
        series: [{ name: 'Wayfarers', sequence: '1' }],
        publishedYear: 2014,
        asin: 'B0TESTLW01',
        isbn: '9780062444134',
      },
    });
    // The library title is already right: it is left out (kept), not proposed again.
    expect(r.out[1]!.id).toBe(2);
    expect(r.out[1]!.fields).not.toHaveProperty('title');
  });

  it('given a line that is not JSON, then it still answers with id null and reports on stderr only', async () => {
    const r = await run(['{oops', line('W3', 'The Long Way to a Small, Angry Planet')]);
    expect(r.out[0]).toEqual({ id: null, match: [], fields: {} });
    expect(r.out[1]!.id).toBe('W3');
    expect(r.stderr).toContain('line 1');
    expect(r.code).toBe(0);
  });

  it('given a JSON line with a broken candidate, then it answers for its id with no match and no fields', async () => {
    const r = await run([JSON.stringify({ id: 'W4', item: { title: 'x' }, candidates: [{ ref: 'x:1', source: 'amazon', title: 'x' }] }), line('W5', 'x')]);
    expect(r.out).toHaveLength(2);
    expect(r.out[0]).toEqual({ id: 'W4', match: [], fields: {} });
    expect(r.stderr).toContain('candidates.0.source');
  });

  it('given blank lines, then they get no answer and every other line one', async () => {
    const r = await run(['', line('W6', 'The Long Way to a Small, Angry Planet'), '   ', '']);
    expect(r.out.map((o) => o.id)).toEqual(['W6']);
  });
});
