import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapBook, mapSummary } from '../../../src/integrations/abs/abs.mapper.js';
import { batchItemsSchema, fullItemSchema, libraryItemsPageSchema, librariesSchema, patchMediaReplySchema, seriesListSchema, taskSchema } from '../../../src/integrations/abs/abs.schemas.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';

/** Real ABS 2.36.0 answers recorded on loopback (see ../shared/contracts/abs-samples). */
const SAMPLES = '/work/shared/contracts/abs-samples';
const sample = (name: string): unknown => JSON.parse(readFileSync(`${SAMPLES}/${name}.json`, 'utf8'));
const keys = (v: unknown) => Object.keys(v as object).sort();

describe('the ABS client reads the recorded real responses', () => {
  it('maps an old-JSON item with structured authors and series', () => {
    const book = mapBook(fullItemSchema.parse(sample('item-default')));
    expect(book).toMatchObject({
      title: 'The First Fake',
      authors: [{ id: '00c88eae-4265-4cea-9fb2-908cc4f3d6d8', name: 'Brandon Testson' }],
      series: [{ id: '869d72a4-eb93-4ff0-90ec-ea22792da610', name: 'The Fake Saga', sequence: '1' }],
      publishedYear: '2021',
      durationSec: 6.060408,
    });
    expect(book.lastScan?.getTime()).toBe(1795248306636);
  });

  it('maps the expanded item, the batch answer and the PATCH answer', () => {
    expect(mapBook(fullItemSchema.parse(sample('item-expanded'))).sizeBytes).toBe(24667);
    expect(batchItemsSchema.parse(sample('items-batch-get')).libraryItems).toHaveLength(4);
    const patched = patchMediaReplySchema.parse(sample('item-patch-media'));
    expect(patched.updated).toBe(true);
    expect(mapBook(patched.libraryItem).series.map((s) => `${s.name}#${s.sequence}`)).toEqual(['The Fake Saga#1', 'Fake Universe#1.5']);
  });

  it('maps minified list pages, libraries and series', () => {
    const page = libraryItemsPageSchema.parse(sample('library-items-page0-limit2'));
    expect(page).toMatchObject({ total: 4, limit: 2, page: 0 });
    expect(page.results.map(mapSummary).map((b) => [b.title, b.authorNames])).toEqual([
      ['Quiet Harbor', ['Ursula Example']],
      ['Starlight Ledger', ['Ursula Example']],
    ]);
    expect(librariesSchema.parse(sample('libraries')).libraries[0]?.folders[0]?.fullPath).toBe('/audiobooks');
    const series = seriesListSchema.parse(sample('library-series'));
    const first = mapSummary(series.results[0]!.books[0]!);
    expect(first.series).toEqual([
      { name: 'Fake Universe', sequence: '1.5' },
      { name: 'The Fake Saga', sequence: '1' },
    ]);
  });

  it('reads socket task and item payloads', () => {
    const tasks = sample('socket-task-events') as Array<{ evt: string; data: unknown }>;
    const finished = tasks.filter((t) => t.evt === 'task_finished').map((t) => taskSchema.parse(t.data));
    expect(finished.map((t) => t.action)).toEqual(['watcher-scan', 'library-scan', 'watcher-scan']);
    expect(finished[1]?.data?.scanResults?.added).toBe(1);
    expect(fullItemSchema.array().parse(sample('socket-items_added-full'))).toHaveLength(1);
    expect(mapBook(fullItemSchema.parse(sample('socket-item_added-full'))).series[0]?.sequence).toBe('3');
  });
});

describe('the ABS fake answers in the recorded shapes', () => {
  let fake: AbsFake;
  let token: string;
  beforeAll(async () => {
    fake = await startAbsFake();
    fake.controls.seedBooks([{ title: 'The First Fake', authors: ['Brandon Testson'], series: [{ name: 'The Fake Saga', sequence: '1' }], genres: ['Fantasy'], publishedYear: '2021' }]);
    token = fake.controls.issueAccessToken();
  });
  afterAll(() => fake.close());
  const get = async (path: string) => (await fetch(`${fake.url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<Record<string, unknown>>;

  it('uses the same keys as ABS 2.36 for list pages, minified items, items and libraries', async () => {
    const lib = fake.controls.library.id;
    const real = sample('library-items-page0-limit2') as { results: Array<Record<string, unknown>> };
    const mine = (await get(`/api/libraries/${lib}/items?limit=2&page=0&sort=media.metadata.title`)) as { results: Array<Record<string, unknown>> };
    expect(keys(mine)).toEqual(keys(real));
    expect(keys(mine.results[0])).toEqual(keys(real.results[0]));
    const media = (o: Record<string, unknown>) => o.media as Record<string, unknown>;
    expect(keys(media(mine.results[0]!))).toEqual(keys(media(real.results[0]!)));
    expect(keys(media(mine.results[0]!).metadata)).toEqual(keys(media(real.results[0]!).metadata));

    const id = String(mine.results[0]!.id);
    const realItem = sample('item-default') as Record<string, unknown>;
    const myItem = await get(`/api/items/${id}`);
    expect(keys(myItem)).toEqual(keys(realItem));
    expect(keys(media(myItem).metadata)).toEqual(keys(media(realItem).metadata));
    const realExpanded = sample('item-expanded') as Record<string, unknown>;
    // The sample was recorded with include=progress (it carries userMediaProgress, which ABS adds only then).
    const myExpanded = await get(`/api/items/${id}?expanded=1&include=progress`);
    expect(keys(myExpanded)).toEqual(keys(realExpanded));
    expect(keys(await get(`/api/items/${id}?expanded=1`))).toEqual(keys(realExpanded).filter((k) => k !== 'userMediaProgress'));
    expect(keys(media(myExpanded).metadata)).toEqual(keys(media(realExpanded).metadata));
    const realLibs = sample('libraries') as { libraries: unknown[] };
    const myLibs = (await get('/api/libraries')) as { libraries: unknown[] };
    expect(keys(myLibs.libraries[0])).toEqual(keys(realLibs.libraries[0]));
  });

  it('lays out audio files, tracks and chapters as ABS 2.36 does, for m4b and multi-file mp3 books', async () => {
    type Media = { audioFiles: Array<Record<string, unknown>>; tracks: Array<Record<string, unknown>>; chapters: Array<Record<string, unknown>>; numChapters: number; duration: number; size: number };
    // item-expanded.json keeps its audio file and track whole; the batch sample (lists trimmed) has the chapters.
    const real = (sample('item-expanded') as { media: Media }).media;
    const realChapters = (sample('items-batch-get') as { libraryItems: Array<{ media: Media }> }).libraryItems[0]!.media.chapters;
    const [m4b, mp3] = fake.controls.seedBooks([
      { title: 'Chaptered', authors: ['M Writer'], durationSec: 3_000, sizeBytes: 1_000, audio: { format: 'm4b', chapters: 3 } },
      { title: 'Ripped', authors: ['M Writer'], durationSec: 3_000, sizeBytes: 1_000, audio: { format: 'mp3', files: 4 } },
    ]);
    for (const item of [m4b!, mp3!]) {
      const media = (await get(`/api/items/${item.id}?expanded=1`)).media as Media;
      expect(keys(media.audioFiles[0])).toEqual(keys(real.audioFiles[0]));
      expect(keys(media.tracks[0])).toEqual(keys(real.tracks[0]));
      expect(keys(media.chapters[0])).toEqual(keys(realChapters[0]));
      expect(media.numChapters).toBe(media.chapters.length);
      expect(media.duration).toBeCloseTo(3_000);
      expect(media.size).toBe(1_000);
    }
    const m4bMedia = (await get(`/api/items/${m4b!.id}?expanded=1`)).media as Media;
    expect(m4bMedia.audioFiles).toHaveLength(1);
    expect(m4bMedia.chapters.map((c) => c.title)).toEqual(['Chapter 1', 'Chapter 2', 'Chapter 3']);
    const mp3Media = (await get(`/api/items/${mp3!.id}?expanded=1`)).media as Media;
    expect(mp3Media.audioFiles).toHaveLength(4);
    expect(mp3Media.tracks.map((t) => t.startOffset)).toEqual([0, 750, 1_500, 2_250]);
    expect(mp3Media.chapters.map((c) => c.end)).toEqual([750, 1_500, 2_250, 3_000]);
  });

  it('emits socket payloads with the recorded keys (item_added, items_added, task_finished)', async () => {
    fake.controls.scanner.watcherDelayMs = 5;
    fake.controls.scanner.scanDelayMs = 5;
    const watched = fake.controls.stageBook({ title: 'Watched', authors: ['W Writer'] });
    await fetch(`${fake.url}/api/watcher/update`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ libraryId: fake.controls.library.id, path: watched.path, type: 'add' }),
    });
    fake.controls.stageBook({ title: 'Scanned', authors: ['S Writer'] });
    await fetch(`${fake.url}/api/libraries/${fake.controls.library.id}/scan`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    await new Promise((r) => setTimeout(r, 150));
    const emitted = (name: string) => fake.controls.events.filter((e) => e.event === name).map((e) => e.payload as Record<string, unknown>);
    const realAdded = sample('socket-item_added-full') as Record<string, unknown>;
    const myAdded = emitted('item_added')[0]!;
    expect(keys(myAdded)).toEqual(keys(realAdded));
    const media = (o: Record<string, unknown>) => o.media as Record<string, unknown>;
    expect(keys(media(myAdded))).toEqual(keys(media(realAdded)));
    expect(keys(media(myAdded).metadata)).toEqual(keys(media(realAdded).metadata));
    const realBatch = sample('socket-items_added-full') as Array<Record<string, unknown>>;
    expect(keys((emitted('items_added')[0] as unknown as Array<Record<string, unknown>>)[0])).toEqual(keys(realBatch[0]));
    const realTasks = (sample('socket-task-events') as Array<{ evt: string; data: Record<string, unknown> }>).filter((t) => t.evt === 'task_finished');
    const myTasks = emitted('task_finished');
    for (const action of ['watcher-scan', 'library-scan']) {
      const real = realTasks.find((t) => t.data.action === action)!.data;
      const mine = myTasks.find((t) => t.action === action)!;
      expect(keys(mine)).toEqual(keys(real));
      expect(keys(mine.data)).toEqual(keys(real.data));
      expect(keys((mine.data as Record<string, unknown>).scanResults)).toEqual(keys((real.data as Record<string, unknown>).scanResults));
    }
  });
});
