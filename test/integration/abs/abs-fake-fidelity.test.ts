import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAbsFake, type AbsFake, type BookSeed } from '../../fakes/abs/index.js';
import { ABS_HOOK_TIMEOUT_MS, absServerAvailability, startAbsServer, type RunningAbs } from '../../helpers/abs-server.js';

// Installs the real ABS once into the cache before any hook runs; with CI=true an unavailable server fails the file.
const abs = await absServerAvailability();

const BOOKS: BookSeed[] = [
  { title: 'Shape Book', authors: ['Sam Shape'], narrators: ['Nia Narrator'], series: [{ name: 'Shape Saga', sequence: '1' }], asin: 'B000SHAPE1', audio: { format: 'm4b', chapters: 2 } },
  { title: 'Multi Shape', authors: ['Sam Shape'], audio: { format: 'mp3', files: 2 } },
];

/** The structure of a JSON answer: every object's keys, recursively; values reduced to '·', arrays to their first element. */
function keyShape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : [keyShape(v[0])];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, keyShape((v as Record<string, unknown>)[k])]));
  return '·';
}

interface Side {
  url: string;
  apiKey: string;
  libraryId: string;
}

type Json = Record<string, any>;

async function get(side: Side, path: string, init: { method?: string; body?: unknown } = {}): Promise<Json> {
  const res = await fetch(`${side.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${side.apiKey}`, 'Content-Type': 'application/json' },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(200);
  return (await res.json()) as Json;
}

/** Every answer the ABS clients read, with list elements picked by title (the servers' orders differ where ABS has none). */
async function answers(side: Side): Promise<Record<string, unknown>> {
  const items = await get(side, `/api/libraries/${side.libraryId}/items?minified=1&limit=10&sort=media.metadata.title`);
  const idOf = (title: string) => (items.results as Json[]).find((i) => i.media.metadata.title === title)!.id as string;
  const [one, multi] = [idOf('Shape Book'), idOf('Multi Shape')];
  const search = await get(side, `/api/libraries/${side.libraryId}/search?q=Shape`);
  const pick = (list: Json[], title: string, at: (x: Json) => Json) => list.find((x) => at(x).media.metadata.title === title);
  return {
    libraries: await get(side, '/api/libraries'),
    library: await get(side, `/api/libraries/${side.libraryId}`),
    'items page': { ...items, results: [pick(items.results, 'Shape Book', (x) => x)] },
    'minified multi-file item': pick(items.results, 'Multi Shape', (x) => x),
    'item (old JSON)': await get(side, `/api/items/${one}`),
    'item expanded': await get(side, `/api/items/${one}?expanded=1`),
    'multi-file item expanded': await get(side, `/api/items/${multi}?expanded=1`),
    'batch get': await get(side, '/api/items/batch/get', { method: 'POST', body: { libraryItemIds: [one] } }),
    series: await get(side, `/api/libraries/${side.libraryId}/series?limit=10`),
    authors: await get(side, `/api/libraries/${side.libraryId}/authors`),
    search: { ...search, book: [pick(search.book, 'Shape Book', (x) => x.libraryItem)] },
    'PATCH media': await get(side, `/api/items/${one}/media`, { method: 'PATCH', body: { metadata: { subtitle: 'Now with a subtitle' } } }),
    'PATCH media, no change': await get(side, `/api/items/${one}/media`, { method: 'PATCH', body: { metadata: { subtitle: 'Now with a subtitle' } } }),
  };
}

/**
 * The fake is only worth its tests while it answers like the real server: the same books laid out in both, every
 * answer the clients read compared key by key (values differ: ids, times, file sizes).
 */
describe.runIf(abs.available)('the ABS fake answers in the real Audiobookshelf 2.36.0 shapes', () => {
  let real: RunningAbs;
  let fake: AbsFake;
  let got: { real: Record<string, unknown>; fake: Record<string, unknown> };

  beforeAll(async () => {
    [real, fake] = await Promise.all([startAbsServer(), startAbsFake({ scanDelayMs: 5 })]);
    for (const b of BOOKS) {
      const authorName = b.authors.join(', ');
      // Tagged as the fake models a rip's files: album/title, artist and album artist, composer (narrator), track.
      await real.addBook({
        relPath: `${b.authors[0]}/${b.title}`,
        audio: b.audio!,
        tags: { title: b.title, album: b.title, artist: authorName, album_artist: authorName, ...(b.narrators ? { composer: b.narrators.join(', ') } : {}) },
        metadata: { title: b.title, authors: b.authors, narrators: b.narrators ?? [], series: (b.series ?? []).map((s) => `${s.name} #${s.sequence}`), asin: b.asin ?? null },
      });
      fake.controls.stageBook(b);
    }
    await real.scan();
    const lib = fake.controls.library;
    fake.controls.scanner.requestLibraryScan(lib);
    while (lib.lastScan === null) await new Promise((r) => setTimeout(r, 10));
    const [r, f] = await Promise.all([
      answers({ url: real.url, apiKey: real.apiKey, libraryId: real.libraryId }),
      answers({ url: fake.url, apiKey: fake.controls.apiKey, libraryId: lib.id }),
    ]);
    got = { real: r, fake: f };
  }, ABS_HOOK_TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([real?.stop(), fake?.close()]);
  });

  const names = ['libraries', 'library', 'items page', 'minified multi-file item', 'item (old JSON)', 'item expanded', 'multi-file item expanded', 'batch get', 'series', 'authors', 'search', 'PATCH media', 'PATCH media, no change'];
  it.each(names)('%s', (name) => {
    expect(keyShape(got.fake[name])).toEqual(keyShape(got.real[name]));
  });
});

if (!abs.available) {
  describe('the ABS fake answers in the real Audiobookshelf shapes', () => {
    it.skip(abs.reason, () => {});
  });
}
