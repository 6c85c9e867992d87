import type { ReleaseWire } from './prowlarr.schemas.js';
import type { IndexerRelease } from './prowlarr.types.js';

export function mapRelease(w: ReleaseWire): IndexerRelease {
  const flags = w.indexerFlags.map((f) => String(f));
  return {
    guid: w.guid,
    title: w.title,
    sizeBytes: w.size,
    seeders: w.seeders ?? null,
    leechers: w.leechers ?? null,
    grabs: w.grabs ?? null,
    categories: w.categories.map((c) => c.id),
    indexerId: w.indexerId,
    indexer: w.indexer,
    // Only full freeleech counts; `freeleech75`/`halfleech` still cost ratio.
    freeleech: flags.some((f) => f.toLowerCase() === 'freeleech'),
    flags,
    publishDate: new Date(w.publishDate),
    infoUrl: w.infoUrl ?? null,
    downloadUrl: w.downloadUrl ?? null,
    magnetUrl: w.magnetUrl ?? null,
    protocol: w.protocol,
  };
}
