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
  // In link order, as Book.seriesName joins them (not sorted by name; see inOneInsertOrder in abs.scanner.ts).
  const seriesName = series
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

const extOf = (filename: string) => filename.slice(filename.lastIndexOf('.'));
const baseName = (filename: string) => filename.slice(0, filename.lastIndexOf('.'));
const chapterJson = (c: { start: number; end: number; title: string }, id: number) => ({ id, start: c.start, end: c.end, title: c.title });

/** The book's chapters as ABS builds them: an m4b's embedded list, or one chapter per file of a multi-file book. */
function chaptersJson(item: FakeItem) {
  const embedded = item.audioFiles.flatMap((f) => f.embeddedChapters);
  if (embedded.length > 0) return embedded.map(chapterJson);
  if (item.audioFiles.length < 2) return [];
  let start = 0;
  return item.audioFiles.map((f, i) => {
    const c = chapterJson({ start, end: start + f.duration, title: baseName(f.filename) }, i);
    start += f.duration;
    return c;
  });
}

function chapterCount(item: FakeItem): number {
  const embedded = item.audioFiles.reduce((n, f) => n + f.embeddedChapters.length, 0);
  return embedded > 0 ? embedded : item.audioFiles.length < 2 ? 0 : item.audioFiles.length;
}

/** Every field of a recorded 2.36.0 audio file (items-batch-get.json), values shaped like a real rip. */
function audioFileJson(store: AbsStore, item: FakeItem) {
  const n = names(store, item);
  return item.audioFiles.map((f, i) => {
    const m4b = f.filename.endsWith('.m4b');
    return {
      index: i + 1,
      ino: f.ino,
      metadata: { filename: f.filename, ext: extOf(f.filename), path: `${item.path}/${f.filename}`, relPath: f.filename, size: f.size, mtimeMs: item.mtimeMs, ctimeMs: item.mtimeMs, birthtimeMs: item.mtimeMs - 20 },
      addedAt: item.addedAt,
      updatedAt: item.addedAt,
      trackNumFromMeta: item.audioFiles.length > 1 ? i + 1 : null,
      discNumFromMeta: null,
      trackNumFromFilename: item.audioFiles.length > 1 ? i + 1 : null,
      discNumFromFilename: null,
      manuallyVerified: false,
      exclude: false,
      error: null,
      format: m4b ? 'QuickTime / MOV' : 'MP2/3 (MPEG audio layer 2/3)',
      duration: f.duration,
      bitRate: m4b ? 64_000 : 128_000,
      language: null,
      codec: m4b ? 'aac' : 'mp3',
      timeBase: m4b ? '1/44100' : '1/14112000',
      channels: 2,
      channelLayout: 'stereo',
      chapters: f.embeddedChapters.map(chapterJson),
      embeddedCoverArt: m4b ? 'mjpeg' : null,
      metaTags: {
        tagAlbum: item.metadata.title,
        tagArtist: n.authorName,
        tagGenre: item.metadata.genres[0],
        tagTitle: item.audioFiles.length > 1 ? baseName(f.filename) : item.metadata.title,
        tagTrack: item.audioFiles.length > 1 ? `${i + 1}/${item.audioFiles.length}` : undefined,
        tagAlbumArtist: n.authorName,
        tagComposer: n.narratorName || undefined,
        tagDate: item.metadata.publishedYear ?? undefined,
        tagEncoder: 'Lavf59.27.100',
      },
      mimeType: m4b ? 'audio/mp4' : 'audio/mpeg',
    };
  });
}

function libraryFilesJson(item: FakeItem) {
  return item.audioFiles.map((f) => ({
    ino: f.ino,
    metadata: { filename: f.filename, ext: extOf(f.filename), path: `${item.path}/${f.filename}`, relPath: f.filename, size: f.size, mtimeMs: item.mtimeMs, ctimeMs: item.mtimeMs, birthtimeMs: item.mtimeMs - 20 },
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
/**
 * `links: false` for what ABS builds without loading a book's authors and series (search's `series[].books`): the old
 * JSON then carries empty `authors` and `series` lists (seen against the real 2.36.0).
 */
export function oldJson(store: AbsStore, item: FakeItem, options: { links?: boolean } = {}) {
  const n = options.links === false ? { ...names(store, item), authors: [], series: [] } : names(store, item);
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
      audioFiles: audioFileJson(store, item),
      chapters: chaptersJson(item),
      ebookFile: null,
    },
    libraryFiles: libraryFilesJson(item),
  };
}

/** Expanded items list the audio files again as tracks, each with its offset in the book and a stream URL. */
function tracksJson(item: FakeItem, audio: ReturnType<typeof audioFileJson>) {
  let offset = 0;
  return audio.map((a) => {
    const track = { ...a, title: baseName(a.metadata.filename), startOffset: offset, contentUrl: `/api/items/${item.id}/file/${a.ino}` };
    offset += a.duration;
    return track;
  });
}

/** §2.3(b): ?expanded=1, socket item events, batch get, search. */
export function expandedJson(store: AbsStore, item: FakeItem) {
  const old = oldJson(store, item);
  const n = names(store, item);
  const audio = audioFileJson(store, item);
  const chapters = chaptersJson(item);
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
      numChapters: chapters.length,
      duration: totalDuration(item),
      size: totalSize(item),
      libraryItemId: item.id,
      audioFiles: audio,
      chapters,
      ebookFile: null,
      tracks: tracksJson(item, audio),
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
      numChapters: chapterCount(item),
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
    icon: lib.mediaType === 'podcast' ? 'podcast' : 'database',
    mediaType: lib.mediaType,
    provider: 'audible',
    settings: {
      coverAspectRatio: 1,
      disableWatcher: false,
      autoScanCronExpression: null,
      skipMatchingMediaWithAsin: false,
      skipMatchingMediaWithIsbn: false,
      audiobooksOnly: false,
      epubsAllowScriptedContent: false,
      hideSingleBookSeries: false,
      onlyShowLaterBooksInContinueSeries: false,
      metadataPrecedence: ['folderStructure', 'audioMetatags', 'nfoFile', 'txtFiles', 'opfFile', 'absMetadata'],
      markAsFinishedPercentComplete: null,
      markAsFinishedTimeRemaining: 10,
    },
    lastScan: lib.lastScan,
    lastScanVersion: lib.lastScan ? SCAN_VERSION : null,
    createdAt: lib.createdAt,
    lastUpdate: lib.lastUpdate,
  };
}
