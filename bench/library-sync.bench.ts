import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import pino from 'pino';
import { createLibrarySync } from '../src/core/library/index.js';
import { createLibraryRepository } from '../src/db/repositories/library.repository.js';
import { AbsClient } from '../src/integrations/abs/index.js';
import { startAbsFake, type BookSeed } from '../test/fakes/abs/index.js';
import { rowVersions, rowsWritten } from '../test/integration/library/row-versions.js';
import { benchDatabase } from './support/bench-database.js';
import type { BenchRow } from './types.js';
import { rng } from './support/rng.js';

// The library sync over a 10,000-book library in the fake ABS (real HTTP on loopback, real PostgreSQL): a full sync
// into an empty mirror, then a re-sync with nothing changed. The "fetch only" figure reads exactly the pages the full
// sync reads (list pages + batch fetches of every item) without writing, so full ÷ fetch shows what the sync itself costs.
// The fake ABS runs in a worker thread, as ABS runs in its own process: its serialising does not share the sync's
// thread, and memory figures are the sync's own.

const BOOKS = 10_000;
const SERIES = 3_000;
const AUTHORS = 1_500;
const PAGE_SIZE = 500;
const BATCH_SIZE = 100;

const FIRST = 'James Mary Robert Linda Michael Susan David Karen Daniel Nancy Brandon Octavia Neil Ursula Terry Iain Leigh Naomi Pierce Adrian'.split(' ');
const LAST = 'Abercrombie Sanderson Butler Gaiman Pratchett Banks Bardugo Novik Brown Tchaikovsky Liu Leckie Martine Chambers Wells Chiang Kowal Muir Okorafor Jemisin Kuang Howey Naam Crouch Weir'.split(' ');
const WORDS = 'Dark Silent Broken Hidden Burning Iron Golden Crimson Hollow Bitter Silver Frozen Empire Crown Throne Forest City Star Gate Tower River Sword Heart Garden Kingdom Mirror Flame Wolf Raven Dragon Tide Harbor Signal Orbit Archive Oath'.split(' ');

/** A publisher's blurb as ABS stores it: HTML paragraphs, 400-1,200 characters. */
function blurb(i: number, pick: (xs: readonly string[]) => string): string {
  const sentence = () => `The ${pick(WORDS).toLowerCase()} ${pick(WORDS).toLowerCase()} of the ${pick(WORDS).toLowerCase()} ${pick(WORDS).toLowerCase()} is at stake, and only one ${pick(WORDS).toLowerCase()} can stand against the ${pick(WORDS).toLowerCase()}.`;
  const paragraphs = Array.from({ length: 2 + (i % 3) }, () => `<p>${Array.from({ length: 2 + (i % 2) }, sentence).join(' ')}</p>`);
  return paragraphs.join('');
}

/**
 * 10,000 books by 1,500 authors (a fifth co-written), 3,000 series of 2-5 books (some with half positions), narrators,
 * blurbs, and audio laid out as real libraries hold it (chapters, multi-file rips), so the expanded items ABS sends are
 * of realistic size.
 */
export function library(): BookSeed[] {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const authors = Array.from({ length: AUTHORS }, (_, i) => `${FIRST[i % FIRST.length]} ${i % 3 === 0 ? `${String.fromCharCode(65 + (i % 26))}. ` : ''}${LAST[Math.floor(i / FIRST.length) % LAST.length]}-${i}`);
  const narrators = Array.from({ length: 400 }, (_, i) => `Narrator ${pick(FIRST)} ${pick(LAST)} ${i}`);
  const books: BookSeed[] = [];
  for (let i = 0; i < BOOKS; i += 1) {
    const author = authors[i % AUTHORS]!;
    const coAuthor = i % 5 === 0 ? [authors[(i * 7 + 3) % AUTHORS]!] : [];
    // The first 7,500 books fill 3,000 series (2-3 each); the rest are standalones.
    const seriesIndex = i < 7_500 ? Math.floor((i * SERIES) / 7_500) : -1;
    const position = seriesIndex >= 0 ? i - Math.ceil((seriesIndex * 7_500) / SERIES) + 1 : 0;
    books.push({
      title: `${pick(WORDS)} ${pick(WORDS)} ${i + 1}`,
      subtitle: i % 4 === 0 ? `A Novel of the ${pick(WORDS)}` : null,
      authors: [author, ...coAuthor],
      narrators: i % 10 === 0 ? [pick(narrators), pick(narrators)] : [pick(narrators)],
      series: seriesIndex >= 0 ? [{ name: `The ${WORDS[seriesIndex % WORDS.length]} ${LAST[seriesIndex % LAST.length]} Saga ${seriesIndex}`, sequence: i % 11 === 0 ? `${position}.5` : String(position) }] : [],
      genres: [pick(['Fantasy', 'Science Fiction', 'Mystery', 'History', 'Thriller'])],
      publishedYear: String(1970 + (i % 55)),
      publisher: pick(['Tor', 'Orbit', 'Audible Studios', 'Penguin Audio', 'Podium']),
      description: blurb(i, pick),
      asin: i % 3 === 0 ? null : `B0${String(i).padStart(8, '0')}`,
      isbn: i % 4 === 0 ? `978${String(i).padStart(10, '0')}` : null,
      language: 'English',
      relPath: `${author}/${i < 7_500 ? `Saga ${seriesIndex}/` : ''}Book ${i + 1}`,
      durationSec: 18_000 + ((i * 37) % 72_000),
      sizeBytes: 200_000_000 + i * 1_001,
      addedAt: 1_700_000_000_000 + i * 60_000,
      // About two thirds single-file m4b with 10-50 embedded chapters, the rest mp3 rips of 5-30 files (one chapter each).
      audio: i % 3 === 2 ? { format: 'mp3', files: 5 + ((i * 11) % 26) } : { format: 'm4b', chapters: 10 + ((i * 7) % 41) },
    });
  }
  return books;
}

/** Samples heap + external memory while `work` runs; returns the peak above the level before. */
async function withPeakMemory<T>(work: () => Promise<T>): Promise<{ result: T; peakMb: number; ms: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external + m.arrayBuffers;
  };
  global.gc?.();
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 10);
  const started = performance.now();
  try {
    const result = await work();
    return { result, ms: performance.now() - started, peakMb: (Math.max(peak, used()) - base) / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

const WORKER_ROLE = 'library-sync-bench-abs';
interface FakeInfo {
  url: string;
  apiKey: string;
  libraryId: string;
}

/** Worker side: the seeded fake ABS, until the main thread says stop. */
async function serveFake(): Promise<void> {
  const fake = await startAbsFake();
  fake.controls.seedBooks(library());
  const info: FakeInfo = { url: fake.url, apiKey: fake.controls.apiKey, libraryId: fake.controls.library.id };
  parentPort!.postMessage(info);
  parentPort!.once('message', () => void fake.close().then(() => parentPort!.postMessage('closed')));
}
if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) await serveFake();

/** Starts this module in a worker thread, with tsx's loader registered there too (workers do not inherit it). */
async function startFakeWorker(): Promise<{ info: FakeInfo; stop(): Promise<void> }> {
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
  const code = `import(${JSON.stringify(tsxApi)}).then(async (m) => { m.register(); await import(${JSON.stringify(import.meta.url)}); })`;
  const worker = new Worker(code, { eval: true, workerData: { role: WORKER_ROLE } });
  const info = await new Promise<FakeInfo>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return {
    info,
    async stop() {
      const closed = new Promise((resolve) => worker.once('message', resolve));
      worker.postMessage('close');
      await closed;
      await worker.terminate();
    },
  };
}

export async function run(): Promise<BenchRow[]> {
  const logger = pino({ level: 'silent' });
  const [database, fake] = await Promise.all([benchDatabase(), startFakeWorker()]);
  try {
    const { libraryId } = fake.info;
    const client = new AbsClient({ baseUrl: fake.info.url, auth: { apiKey: fake.info.apiKey }, logger, timeoutMs: 30_000 });
    const sync = createLibrarySync(
      { source: client, store: createLibraryRepository(database.db), clock: { now: () => new Date() }, logger },
      { pageSize: PAGE_SIZE, batchSize: BATCH_SIZE },
    );

    /** The same requests the full sync makes, answers parsed and mapped, nothing written. */
    const fetchOnly = async () => {
      let n = 0;
      await client.libraries();
      for (let page = 0; ; page += 1) {
        const res = await client.listItems(libraryId, { page, limit: PAGE_SIZE });
        for (let i = 0; i < res.items.length; i += BATCH_SIZE) n += (await client.getItems(res.items.slice(i, i + BATCH_SIZE).map((b) => b.id))).length;
        if (res.items.length < PAGE_SIZE) break;
      }
      return n;
    };
    const listOnly = async () => {
      await client.libraries();
      for (let page = 0; ; page += 1) if ((await client.listItems(libraryId, { page, limit: PAGE_SIZE })).items.length < PAGE_SIZE) break;
    };

    await fetchOnly(); // warm-up: JIT, connections, the fake's serialisers
    const fetch = await withPeakMemory(fetchOnly);
    const list = await withPeakMemory(listOnly);

    const empty = await rowVersions(database.pool);
    const full = await withPeakMemory(() => sync.syncAll());
    const afterFull = await rowVersions(database.pool);
    const again = await withPeakMemory(() => sync.syncAll());
    const afterAgain = await rowVersions(database.pool);

    const fullRows = rowsWritten(empty, afterFull).total;
    const againRows = rowsWritten(afterFull, afterAgain).total;
    if (full.result.created !== BOOKS || again.result.unchanged !== BOOKS) {
      throw new Error(`library-sync bench: unexpected counts ${JSON.stringify({ full: full.result, again: again.result })}`);
    }
    const ratio = full.ms / fetch.ms;
    const share = again.ms / full.ms;
    return [
      { name: 'library-sync: fetch only (list + batch pages, 10k books)', value: Math.round(fetch.ms), unit: 'ms' },
      { name: 'library-sync: list pages only (10k books)', value: Math.round(list.ms), unit: 'ms' },
      { name: 'library-sync: full sync wall time', value: Math.round(full.ms), unit: 'ms', target: '<= 20000', pass: full.ms <= 20_000 },
      { name: 'library-sync: full sync ÷ fetch only', value: ratio, unit: 'x', target: '<= 3', pass: ratio <= 3 },
      { name: 'library-sync: full sync rows written', value: fullRows, unit: 'rows' },
      { name: 'library-sync: full sync peak memory (heap+external above start)', value: Math.round(full.peakMb), unit: 'MB' },
      { name: 'library-sync: no-change re-sync wall time', value: Math.round(again.ms), unit: 'ms' },
      { name: 'library-sync: no-change re-sync ÷ full sync', value: share * 100, unit: '%', target: '<= 10', pass: share <= 0.1 },
      // ABS has no "changed since" query (no updatedAt sort, contracts §2.4): a no-change run is one list pass.
      { name: 'library-sync: no-change re-sync ÷ list pages only', value: again.ms / list.ms, unit: 'x' },
      { name: 'library-sync: no-change re-sync rows written', value: againRows, unit: 'rows', target: '= 0', pass: againRows === 0 },
      { name: 'library-sync: no-change re-sync peak memory (heap+external above start)', value: Math.round(again.peakMb), unit: 'MB' },
    ];
  } finally {
    await fake.stop();
    await database.dispose();
  }
}
