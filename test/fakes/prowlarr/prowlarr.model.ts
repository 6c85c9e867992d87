import { makeTorrent, payloadBytes } from '../../fixtures/torrents/make-torrent.js';

export interface FakeIndexer {
  id: number;
  name: string;
  enable: boolean;
  privacy: 'private' | 'public' | 'semiPrivate';
  /** A failing indexer (e.g. expired MAM cookie) contributes no results; Prowlarr still answers 200. */
  failing: boolean;
}

export interface FakeRelease {
  indexerId: number;
  guid: string;
  title: string;
  size: number;
  seeders: number;
  leechers: number;
  grabs: number;
  /** Newznab ids; ids ≥ 100000 are tracker-specific and carry no name. */
  categories: number[];
  freeleech: boolean;
  publishDate: string;
  infoUrl: string;
  torrent: Buffer;
  infoHash: string;
  /** When set, the download link answers 301 to this URL (a magnet, or the tracker in "redirect" mode). */
  redirectTo?: string;
}

export const CATEGORY_NAMES: Record<number, string> = {
  3000: 'Audio',
  3030: 'Audio/Audiobook',
  7000: 'Books',
  7020: 'Books/EBook',
  7010: 'Books/Mags',
  7030: 'Books/Comics',
};

let counter = 0;

/** A release with a real .torrent behind it (private, with a passkey in the announce URL, as a tracker would give). */
export function makeRelease(partial: Partial<Omit<FakeRelease, 'torrent' | 'infoHash'>> & { title: string }): FakeRelease {
  counter += 1;
  const id = 1_000_000 + counter;
  const torrent = makeTorrent({
    name: partial.title,
    files: [{ path: `${partial.title}.m4b`, content: payloadBytes(2048, `${partial.title}-${id}`) }],
    private: true,
    announce: 'https://t.myanonamouse.net/tracker.php/SECRETPASSKEY/announce',
  });
  return {
    indexerId: partial.indexerId ?? 7,
    guid: partial.guid ?? `https://www.myanonamouse.net/t/${id}`,
    title: partial.title,
    size: partial.size ?? 536_870_912,
    seeders: partial.seeders ?? 25,
    leechers: partial.leechers ?? 2,
    grabs: partial.grabs ?? 210,
    categories: partial.categories ?? [3030, 100039],
    freeleech: partial.freeleech ?? false,
    publishDate: partial.publishDate ?? '2024-03-15T14:30:00Z',
    infoUrl: partial.infoUrl ?? partial.guid ?? `https://www.myanonamouse.net/t/${id}`,
    torrent: torrent.bytes,
    infoHash: torrent.infoHash,
    ...(partial.redirectTo ? { redirectTo: partial.redirectTo } : {}),
  };
}

export function releaseJson(r: FakeRelease, indexer: FakeIndexer, downloadUrl: string): Record<string, unknown> {
  const ageMs = Date.now() - Date.parse(r.publishDate);
  return {
    guid: r.guid,
    age: Math.floor(ageMs / 86_400_000),
    ageHours: ageMs / 3_600_000,
    ageMinutes: ageMs / 60_000,
    size: r.size,
    files: 1,
    grabs: r.grabs,
    indexerId: r.indexerId,
    indexer: indexer.name,
    title: r.title,
    sortTitle: r.title.toLowerCase().replace(/[^a-z0-9 ]/g, ''),
    imdbId: 0,
    tmdbId: 0,
    tvdbId: 0,
    tvMazeId: 0,
    publishDate: r.publishDate,
    downloadUrl,
    infoUrl: r.infoUrl,
    indexerFlags: r.freeleech ? ['freeleech'] : [],
    // Prowlarr omits nulls: custom categories come without a name.
    categories: r.categories.map((id) => (CATEGORY_NAMES[id] ? { id, name: CATEGORY_NAMES[id], subCategories: [] } : { id, subCategories: [] })),
    seeders: r.seeders,
    leechers: r.leechers,
    protocol: 'torrent',
    fileName: `${r.title}.torrent`,
  };
}

export function indexerJson(i: FakeIndexer): Record<string, unknown> {
  return {
    id: i.id,
    name: i.name,
    enable: i.enable,
    protocol: 'torrent',
    privacy: i.privacy,
    priority: 25,
    appProfileId: 1,
    supportsSearch: true,
    supportsRss: true,
    supportsRedirect: false,
    supportsPagination: true,
    definitionName: i.name,
    implementation: i.name,
    fields: [{ name: 'mamId', value: 'SECRET-MAM-ID-IN-INDEXER' }],
    capabilities: { categories: [{ id: 3030, name: 'Audio/Audiobook', subCategories: [] }], bookSearchParams: ['q'] },
    tags: [],
    added: '2024-01-01T00:00:00Z',
  };
}
