import type { Protocol } from '../../core/releases/index.js';
import type { ReleaseWire } from './prowlarr.schemas.js';
import type { ProwlarrResult } from './prowlarr.types.js';

const protocolOf = (p: string): Protocol => (p === 'torrent' || p === 'usenet' ? p : 'unknown');

/**
 * A validated `GET /api/v1/search` row as release selection sees it (the one Prowlarr → IndexerResult adapter).
 * Prowlarr folds MyAnonamouse's freeleech, personal freeleech and VIP freeleech into one `freeleech` flag, so
 * through Prowlarr `vip` and `personalFreeleech` are unknown (false); search MAM directly to tell them apart.
 * Only full freeleech counts: `freeleech75`/`halfleech` still cost ratio. Prowlarr states no language (null:
 * the release name's own marker, "[ENG / M4B]", decides).
 */
export function toIndexerResult(w: ReleaseWire): ProwlarrResult {
  const flags = w.indexerFlags.map((f) => String(f));
  return {
    guid: w.guid,
    title: w.title,
    sizeBytes: w.size,
    seeders: w.seeders ?? null,
    leechers: w.leechers ?? null,
    categories: w.categories.map((c) => c.id),
    indexer: w.indexer,
    indexerId: w.indexerId,
    protocol: protocolOf(w.protocol),
    freeleech: flags.some((f) => f.toLowerCase() === 'freeleech'),
    vip: false,
    personalFreeleech: false,
    language: null,
    publishDate: new Date(w.publishDate).toISOString(),
    infoUrl: w.infoUrl ?? null,
    ...(w.downloadUrl ? { downloadUrl: w.downloadUrl } : {}),
    grabs: w.grabs ?? null,
    flags,
    magnetUrl: w.magnetUrl ?? null,
  };
}
