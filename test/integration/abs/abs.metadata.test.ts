import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMediaPatch, type BookMetadataUpdate } from '../../../src/integrations/abs/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';

describe('buildMediaPatch (the PATCH body the client sends)', () => {
  it('sends authors as {name} objects, sequences as strings, series as the full list', () => {
    expect(buildMediaPatch({ authors: ['Andy Weir'], series: [{ name: 'Saga', sequence: 1 }, { name: 'Universe', sequence: '1.5' }, { name: 'Loose', sequence: null }], tags: ['mam'] })).toEqual({
      metadata: {
        authors: [{ name: 'Andy Weir' }],
        series: [
          { name: 'Saga', sequence: '1' },
          { name: 'Universe', sequence: '1.5' },
          { name: 'Loose', sequence: null },
        ],
      },
      tags: ['mam'],
    });
  });

  it('keeps explicit nulls (clearing a field) and omits untouched fields', () => {
    expect(buildMediaPatch({ subtitle: null, publishedYear: 2021 })).toEqual({ metadata: { subtitle: null, publishedYear: '2021' } });
  });

  it('makes the traps unrepresentable in the types', () => {
    // @ts-expect-error an empty author list would remove every author
    const empty: BookMetadataUpdate = { authors: [] };
    // @ts-expect-error authors are names; the client builds the objects
    const objects: BookMetadataUpdate = { authors: [{ name: 'x' }] };
    // @ts-expect-error a sequence is a string or a number, nothing else
    const badSeq: BookMetadataUpdate = { series: [{ name: 'S', sequence: true }] };
    expect([empty, objects, badSeq]).toHaveLength(3);
  });
});

describe('the ABS fake applies PATCH like ABS 2.36, traps included', () => {
  let fake: AbsFake;
  let token: string;
  beforeAll(async () => {
    fake = await startAbsFake();
    token = fake.controls.issueAccessToken();
  });
  afterAll(() => fake.close());
  const patch = async (id: string, body: unknown) =>
    (await (await fetch(`${fake.url}/api/items/${id}/media`, { method: 'PATCH', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) })).json()) as {
      updated?: boolean;
      libraryItem: { media: { metadata: { authors: Array<{ name: string }>; series: Array<{ name: string; sequence: string | null }> } } };
    };

  it('removes every author when they are sent as strings', async () => {
    const [item] = fake.controls.seedBooks([{ title: 'Trap One', authors: ['Alice Author'] }]);
    const res = await patch(item!.id, { metadata: { authors: ['Alice Author'] } });
    expect(res.updated).toBe(true);
    expect(res.libraryItem.media.metadata.authors).toEqual([]);
  });

  it('stores a numeric sequence as null and ignores a series list with a nameless element', async () => {
    const [item] = fake.controls.seedBooks([{ title: 'Trap Two', authors: ['Bob Author'], series: [{ name: 'Kept', sequence: '1' }] }]);
    const numeric = await patch(item!.id, { metadata: { series: [{ name: 'Kept', sequence: 2 }] } });
    expect(numeric.libraryItem.media.metadata.series).toEqual([expect.objectContaining({ name: 'Kept', sequence: null })]);
    const ignored = await patch(item!.id, { metadata: { series: [{ name: 'New', sequence: '1' }, { sequence: '2' }] } });
    expect(ignored.updated).toBeUndefined();
    expect(ignored.libraryItem.media.metadata.series.map((s) => s.name)).toEqual(['Kept']);
  });
});
