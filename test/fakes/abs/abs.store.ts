import { randomUUID } from 'node:crypto';
import type { BookSeed, FakeAudioFile, FakeAuthor, FakeItem, FakeLibrary, FakeSeries, FakeUser } from './abs.model.js';

const lower = (s: string) => s.trim().toLowerCase();

/** All state of one fake ABS instance. Mutations mirror what ABS does to its database. */
export class AbsStore {
  readonly libraries = new Map<string, FakeLibrary>();
  readonly items = new Map<string, FakeItem>();
  readonly authors = new Map<string, FakeAuthor>();
  readonly series = new Map<string, FakeSeries>();
  readonly users = new Map<string, FakeUser>();
  private inoCounter = 2_205_000;
  /** Monotonic clock: ABS timestamps are epoch ms, and two writes in one ms must still order. */
  private lastNow = 0;

  now(): number {
    this.lastNow = Math.max(Date.now(), this.lastNow + 1);
    return this.lastNow;
  }

  nextIno(): string {
    this.inoCounter += 1;
    return String(this.inoCounter);
  }

  addLibrary(name: string, fullPath = '/audiobooks', mediaType: FakeLibrary['mediaType'] = 'book'): FakeLibrary {
    const id = randomUUID();
    const lib: FakeLibrary = { id, name, folderId: randomUUID(), fullPath, createdAt: this.now(), lastScan: null, lastUpdate: this.now(), mediaType };
    this.libraries.set(id, lib);
    return lib;
  }

  findOrCreateAuthor(libraryId: string, name: string): FakeAuthor {
    for (const a of this.authors.values()) if (a.libraryId === libraryId && lower(a.name) === lower(name)) return a;
    const t = this.now();
    const author: FakeAuthor = { id: randomUUID(), libraryId, name: name.trim(), asin: null, description: null, addedAt: t, updatedAt: t };
    this.authors.set(author.id, author);
    return author;
  }

  findOrCreateSeries(libraryId: string, name: string): { series: FakeSeries; created: boolean } {
    for (const s of this.series.values()) if (s.libraryId === libraryId && lower(s.name) === lower(name)) return { series: s, created: false };
    const t = this.now();
    const series: FakeSeries = { id: randomUUID(), libraryId, name: name.trim(), description: null, addedAt: t, updatedAt: t };
    this.series.set(series.id, series);
    return { series, created: true };
  }

  /** Builds an item from a seed (not yet visible: callers decide whether it arrives by scan, watcher or seeding). */
  buildItem(libraryId: string, seed: BookSeed): FakeItem {
    const lib = this.libraries.get(libraryId);
    if (!lib) throw new Error(`unknown library ${libraryId}`);
    const t = seed.addedAt ?? this.now();
    const relPath = seed.relPath ?? `${seed.authors[0] ?? 'Unknown'}/${seed.title}`;
    const size = seed.sizeBytes ?? 24_667;
    return {
      id: randomUUID(),
      mediaId: randomUUID(),
      ino: this.nextIno(),
      libraryId,
      folderId: lib.folderId,
      path: `${lib.fullPath}/${relPath}`,
      relPath,
      addedAt: t,
      updatedAt: t,
      lastScan: t,
      mtimeMs: t - 1_000,
      isMissing: false,
      metadata: {
        title: seed.title,
        subtitle: seed.subtitle ?? null,
        authorIds: seed.authors.map((n) => this.findOrCreateAuthor(libraryId, n).id),
        narrators: seed.narrators ?? [],
        series: (seed.series ?? []).map((s) => ({ seriesId: this.findOrCreateSeries(libraryId, s.name).series.id, sequence: s.sequence })),
        genres: seed.genres ?? [],
        publishedYear: seed.publishedYear ?? null,
        publishedDate: null,
        publisher: seed.publisher ?? null,
        description: seed.description ?? null,
        isbn: seed.isbn ?? null,
        asin: seed.asin ?? null,
        language: seed.language ?? null,
        explicit: false,
        abridged: false,
      },
      tags: seed.tags ?? [],
      audioFiles: this.buildAudioFiles(seed, size, seed.durationSec ?? 6.060408),
    };
  }

  /** The book's audio files: the seed's size and duration split evenly over them. */
  private buildAudioFiles(seed: BookSeed, size: number, duration: number): FakeAudioFile[] {
    const layout = seed.audio ?? { format: 'mp3', files: 1 };
    if (layout.format === 'm4b') {
      const n = layout.chapters ?? 0;
      const embeddedChapters = Array.from({ length: n }, (_, i) => ({ start: (duration * i) / n, end: (duration * (i + 1)) / n, title: `Chapter ${i + 1}` }));
      return [{ ino: this.nextIno(), filename: `${seed.title}.m4b`, size, duration, embeddedChapters }];
    }
    const n = Math.max(1, layout.files ?? 1);
    return Array.from({ length: n }, (_, i) => ({
      ino: this.nextIno(),
      filename: n === 1 ? `${seed.title}.mp3` : `${String(i + 1).padStart(2, '0')} - ${seed.title}.mp3`,
      size: i < n - 1 ? Math.floor(size / n) : size - Math.floor(size / n) * (n - 1),
      duration: duration / n,
      embeddedChapters: [],
    }));
  }

  insertItem(item: FakeItem): void {
    this.items.set(item.id, item);
  }

  removeItem(id: string): FakeItem | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    this.items.delete(id);
    this.pruneOrphans(item.libraryId);
    return item;
  }

  /** ABS deletes authors left without books after an update, and series without books. */
  pruneOrphans(libraryId: string): void {
    const usedAuthors = new Set<string>();
    const usedSeries = new Set<string>();
    for (const item of this.items.values()) {
      if (item.libraryId !== libraryId) continue;
      item.metadata.authorIds.forEach((id) => usedAuthors.add(id));
      item.metadata.series.forEach((s) => usedSeries.add(s.seriesId));
    }
    for (const a of [...this.authors.values()]) if (a.libraryId === libraryId && !usedAuthors.has(a.id)) this.authors.delete(a.id);
    for (const s of [...this.series.values()]) if (s.libraryId === libraryId && !usedSeries.has(s.id)) this.series.delete(s.id);
  }

  itemsOf(libraryId: string): FakeItem[] {
    return [...this.items.values()].filter((i) => i.libraryId === libraryId);
  }

  booksOfAuthor(authorId: string): FakeItem[] {
    return [...this.items.values()].filter((i) => i.metadata.authorIds.includes(authorId));
  }

  booksOfSeries(seriesId: string): FakeItem[] {
    return [...this.items.values()].filter((i) => i.metadata.series.some((s) => s.seriesId === seriesId));
  }
}
