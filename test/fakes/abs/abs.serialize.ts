import type { FakeAuthor, FakeItem, FakeLibrary, FakeSeries } from './abs.model.js';
import type { AbsStore } from './abs.store.js';

/**
 * ABS serialises a book three ways (contracts §2.3): "old JSON" (GET item, PATCH answer), "expanded" (?expanded=1,
 * socket events, batch get, search) and "minified" (every list). Field order follows the recorded 2.36.0 samples.
 */
const SORTING_PREFIXES = ['the', 'a'];
const SCAN_VERSION = '2.36.0';

export function ignorePrefix(title: string | null): string | null {
  if (!title) return title;
  for (const p of SORTING_PREFIXES) {
    if (title.toLowerCase().startsWith(`${p} `)) return `${title.slice(p.length + 1)}, ${title.slice(0, p.length)}`;
  }
  return title;
}

const lastFirst = (name: string) => {
  const parts = name.trim().split(/\s+/);
  if (parts.length < 2) return name;
  const last = parts.pop()!;
  return `${last}, ${parts.join(' ')}`;
};

function names(store: AbsStore, item: FakeItem) {
  const authors = item.metadata.authorIds.map((id) => store.authors.get(id)).filter((a): a is FakeAuthor => !!a);
  const series = item.metadata.series
    .map((s) => ({ s: store.series.get(s.seriesId), sequence: s.sequence }))
    .filter((x): x is { s: FakeSeries; sequence: string | null } => !!x.s);
  const seriesName = [...series]
    .sort((a, b) => a.s.name.localeCompare(b.s.name))
    .map((x) => (x.sequence ? `${x.s.name} #${x.sequence}` : x.s.name))
    .join(', ');
  return {
    authors,
    series,
    authorName: authors.map((a) => a.name).join(', '),
    authorNameLF: authors.map((a) => lastFirst(a.name)).join(', '),
    narratorName: item.metadata.narrators.join(', '),
    seriesName,
  };
}

function envelope(item: FakeItem) {
  return {
    id: item.id,
    ino: item.ino,
    oldLibraryItemId: null,
    libraryId: item.libraryId,
    folderId: item.folderId,
    path: item.path,
    relPath: item.relPath,
    isFile: false,
    mtimeMs: item.mtimeMs,
    ctimeMs: item.mtimeMs,
    birthtimeMs: item.mtimeMs - 200,
    addedAt: item.addedAt,
    updatedAt: item.updatedAt,
  };
}

const totalSize = (item: FakeItem) => item.audioFiles.reduce((s, f) => s + f.size, 0);
const totalDuration = (item: FakeItem) => item.audioFiles.reduce((s, f) => s + f.duration, 0);

function audioFileJson(item: FakeItem) {
  return item.audioFiles.map((f, i) => ({
    index: i + 1,
    ino: f.ino,
    metadata: { filename: f.filename, ext: '.mp3', path: `${item.path}/${f.filename}`, relPath: f.filename, size: f.size, mtimeMs: item.mtimeMs, ctimeMs: item.mtimeMs, birthtimeMs: item.mtimeMs },
    addedAt: item.addedAt,
    updatedAt: item.addedAt,
    duration: f.duration,
    codec: 'mp3',
    mimeType: 'audio/mpeg',
  }));
}

function libraryFilesJson(item: FakeItem) {
  return item.audioFiles.map((f) => ({
    ino: f.ino,
    metadata: { filename: f.filename, ext: '.mp3', path: `${item.path}/${f.filename}`, relPath: f.filename, size: f.size },
    isSupplementary: null,
    addedAt: item.addedAt,
    updatedAt: item.addedAt,
    fileType: 'audio',
  }));
}

function baseMetadata(item: FakeItem) {
  const m = item.metadata;
  return {
    genres: [...m.genres],
    publishedYear: m.publishedYear,
    publishedDate: m.publishedDate,
    publisher: m.publisher,
    description: m.description,
    isbn: m.isbn,
    asin: m.asin,
    language: m.language,
    explicit: m.explicit,
    abridged: m.abridged,
  };
}

/** §2.3(a): GET /api/items/:id, PATCH …/media answer. */
export function oldJson(store: AbsStore, item: FakeItem) {
  const n = names(store, item);
  return {
    ...envelope(item),
    lastScan: item.lastScan,
    scanVersion: SCAN_VERSION,
    isMissing: item.isMissing,
    isInvalid: false,
    mediaType: 'book',
    media: {
      id: item.mediaId,
      libraryItemId: item.id,
      metadata: {
        title: item.metadata.title,
        subtitle: item.metadata.subtitle,
        authors: n.authors.map((a) => ({ id: a.id, name: a.name })),
        narrators: [...item.metadata.narrators],
        series: n.series.map((x) => ({ id: x.s.id, name: x.s.name, sequence: x.sequence })),
        ...baseMetadata(item),
      },
      coverPath: null,
      tags: [...item.tags],
      audioFiles: audioFileJson(item),
      chapters: [],
      ebookFile: null,
    },
    libraryFiles: libraryFilesJson(item),
  };
}

/** §2.3(b): ?expanded=1, socket item events, batch get, search. */
export function expandedJson(store: AbsStore, item: FakeItem) {
  const old = oldJson(store, item);
  const n = names(store, item);
  const audio = audioFileJson(item);
  const { lastScan, scanVersion, libraryFiles, ...rest } = old;
  return {
    ...rest,
    media: {
      id: item.mediaId,
      metadata: {
        ...old.media.metadata,
        titleIgnorePrefix: ignorePrefix(item.metadata.title),
        authorName: n.authorName,
        authorNameLF: n.authorNameLF,
        narratorName: n.narratorName,
        seriesName: n.seriesName,
        descriptionPlain: item.metadata.description?.replace(/<[^>]+>/g, '') ?? null,
      },
      coverPath: null,
      tags: [...item.tags],
      numTracks: audio.length,
      numAudioFiles: audio.length,
      numChapters: 0,
      duration: totalDuration(item),
      size: totalSize(item),
      libraryItemId: item.id,
      audioFiles: audio,
      chapters: [],
      ebookFile: null,
      tracks: audio.map((a) => ({ ...a, title: a.metadata.filename, startOffset: 0, contentUrl: `/api/items/${item.id}/file/${a.ino}` })),
    },
    numFiles: item.audioFiles.length,
    size: totalSize(item),
    lastScan,
    scanVersion,
    libraryFiles,
  };
}

/** §2.3(c): every list endpoint. `seriesFilterId` adds the single-object `metadata.series` ABS gives series-filtered lists. */
export function minifiedJson(store: AbsStore, item: FakeItem, seriesFilterId?: string) {
  const n = names(store, item);
  const seriesEntry = seriesFilterId ? n.series.find((x) => x.s.id === seriesFilterId) : undefined;
  return {
    ...envelope(item),
    isMissing: item.isMissing,
    isInvalid: false,
    mediaType: 'book',
    media: {
      id: item.mediaId,
      metadata: {
        title: item.metadata.title,
        titleIgnorePrefix: ignorePrefix(item.metadata.title),
        subtitle: item.metadata.subtitle,
        authorName: n.authorName,
        authorNameLF: n.authorNameLF,
        narratorName: n.narratorName,
        seriesName: n.seriesName,
        ...baseMetadata(item),
        ...(seriesEntry ? { series: { id: seriesEntry.s.id, name: seriesEntry.s.name, sequence: seriesEntry.sequence } } : {}),
      },
      coverPath: null,
      tags: [...item.tags],
      numTracks: item.audioFiles.length,
      numAudioFiles: item.audioFiles.length,
      numChapters: 0,
      duration: totalDuration(item),
      size: totalSize(item),
    },
    numFiles: item.audioFiles.length,
    size: totalSize(item),
  };
}

export function authorJson(store: AbsStore, author: FakeAuthor) {
  return {
    id: author.id,
    asin: author.asin,
    name: author.name,
    description: author.description,
    imagePath: null,
    libraryId: author.libraryId,
    addedAt: author.addedAt,
    updatedAt: author.updatedAt,
    numBooks: store.booksOfAuthor(author.id).length,
    lastFirst: lastFirst(author.name),
  };
}

export function seriesBaseJson(series: FakeSeries) {
  return {
    id: series.id,
    name: series.name,
    nameIgnorePrefix: ignorePrefix(series.name),
    description: series.description,
    addedAt: series.addedAt,
    updatedAt: series.updatedAt,
    libraryId: series.libraryId,
  };
}

/** A series with its books (minified, sorted by sequence as ABS does). */
export function seriesJson(store: AbsStore, series: FakeSeries) {
  const seq = (i: FakeItem) => Number.parseFloat(i.metadata.series.find((s) => s.seriesId === series.id)?.sequence ?? '') || Number.MAX_SAFE_INTEGER;
  const books = store.booksOfSeries(series.id).sort((a, b) => seq(a) - seq(b));
  return { ...seriesBaseJson(series), books: books.map((b) => minifiedJson(store, b)) };
}

export function libraryJson(lib: FakeLibrary) {
  return {
    id: lib.id,
    name: lib.name,
    folders: [{ id: lib.folderId, fullPath: lib.fullPath, libraryId: lib.id, addedAt: lib.createdAt }],
    displayOrder: 1,
    icon: 'database',
    mediaType: 'book',
    provider: 'audible',
    settings: {
      coverAspectRatio: 1,
      disableWatcher: false,
      autoScanCronExpression: null,
      skipMatchingMediaWithAsin: false,
      skipMatchingMediaWithIsbn: false,
      audiobooksOnly: false,
      metadataPrecedence: ['folderStructure', 'audioMetatags', 'nfoFile', 'txtFiles', 'opfFile', 'absMetadata'],
    },
    lastScan: lib.lastScan,
    lastScanVersion: lib.lastScan ? SCAN_VERSION : null,
    createdAt: lib.createdAt,
    lastUpdate: lib.lastUpdate,
  };
}
