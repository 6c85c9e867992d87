import type { IndexerResult, WantedBook } from '../../../src/core/releases/index.js';

const MIB = 1024 * 1024;

/** A healthy English M4B-sized result; override what the test is about. */
export function result(title: string, over: Partial<IndexerResult> = {}): IndexerResult {
  return {
    guid: over.guid ?? title,
    title,
    sizeBytes: 500 * MIB,
    seeders: 10,
    leechers: 1,
    categories: [3030],
    indexer: 'AudioBook Bay',
    protocol: 'torrent',
    freeleech: false,
    vip: false,
    personalFreeleech: false,
    language: null,
    publishDate: null,
    infoUrl: null,
    ...over,
  };
}

/** Size in bytes for a given MiB per hour of a 10-hour book. */
export function sizeAt(mibPerHour: number, hours = 10): number {
  return Math.round(mibPerHour * hours * MIB);
}

export const darkForest: WantedBook = {
  title: 'The Dark Forest',
  authors: ['Cixin Liu'],
  series: [{ name: "Remembrance of Earth's Past", sequence: '2' }],
  durationMinutes: 600,
};
