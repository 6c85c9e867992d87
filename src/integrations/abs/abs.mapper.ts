import type { FullItemWire, MinifiedItemWire } from './abs.schemas.js';
import type { AbsBook, AbsBookSummary, AbsSeriesEntry } from './abs.types.js';

const splitNames = (joined: string | null | undefined) => (joined ? joined.split(', ').map((s) => s.trim()).filter(Boolean) : []);

/**
 * ABS's minified `seriesName` is "Name #seq" entries joined by ", " (a sequence only when one is set).
 * Series names containing ", " cannot be told apart from two series here; fetch the item for exact data.
 */
export function parseSeriesName(seriesName: string | null | undefined): AbsSeriesEntry[] {
  return splitNames(seriesName).map((part) => {
    const m = /^(.*\S)\s+#([^#]+)$/.exec(part);
    return m ? { name: m[1]!, sequence: m[2]!.trim() } : { name: part, sequence: null };
  });
}

export function mapSummary(w: MinifiedItemWire): AbsBookSummary {
  const m = w.media.metadata;
  return {
    id: w.id,
    libraryId: w.libraryId,
    path: w.path,
    relPath: w.relPath,
    title: m.title ?? '',
    subtitle: m.subtitle ?? null,
    authorNames: splitNames(m.authorName),
    narratorNames: splitNames(m.narratorName),
    series: parseSeriesName(m.seriesName),
    genres: m.genres,
    tags: w.media.tags,
    publishedYear: m.publishedYear ?? null,
    asin: m.asin ?? null,
    isbn: m.isbn ?? null,
    durationSec: w.media.duration,
    sizeBytes: w.media.size,
    addedAt: new Date(w.addedAt),
    updatedAt: new Date(w.updatedAt),
    isMissing: w.isMissing,
  };
}

export function mapBook(w: FullItemWire): AbsBook {
  const m = w.media.metadata;
  return {
    id: w.id,
    libraryId: w.libraryId,
    path: w.path,
    relPath: w.relPath,
    title: m.title ?? '',
    subtitle: m.subtitle ?? null,
    authors: m.authors.map((a) => ({ id: a.id, name: a.name })),
    narrators: m.narrators,
    series: m.series.map((s) => ({ id: s.id, name: s.name, sequence: s.sequence ?? null })),
    genres: m.genres,
    tags: w.media.tags,
    publishedYear: m.publishedYear ?? null,
    publisher: m.publisher ?? null,
    description: m.description ?? null,
    isbn: m.isbn ?? null,
    asin: m.asin ?? null,
    language: m.language ?? null,
    explicit: m.explicit,
    abridged: m.abridged,
    // Old JSON has no media.duration: sum the audio files.
    durationSec: w.media.duration ?? w.media.audioFiles.reduce((s, f) => s + (f.duration ?? 0), 0),
    sizeBytes: w.media.size ?? w.size ?? null,
    addedAt: new Date(w.addedAt),
    updatedAt: new Date(w.updatedAt),
    lastScan: w.lastScan ? new Date(w.lastScan) : null,
    isMissing: w.isMissing,
  };
}
