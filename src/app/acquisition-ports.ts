import type { ReleaseSearcher, TorrentClientPort } from '../core/acquisition/acquisition.port.js';
import type { IndexerResult } from '../core/releases/index.js';
import { MAM_BASE_URL, toIndexerResult as mamToIndexerResult, type MamClient } from '../integrations/mam/index.js';
import type { IndexerHealth, ProwlarrClient, ProwlarrResult } from '../integrations/prowlarr/index.js';
import type { QbittorrentClient } from '../integrations/qbittorrent/index.js';

const INDEXER_LIST_TTL_MS = 60_000;

/** Prowlarr as a release searcher: its audiobook categories; a failing indexer (which Prowlarr swallows) is named. */
export function prowlarrSearcher(prowlarr: ProwlarrClient): ReleaseSearcher {
  let indexers: { at: number; list: IndexerHealth[] } | undefined;
  const indexerList = async () => {
    if (!indexers || Date.now() - indexers.at > INDEXER_LIST_TTL_MS) indexers = { at: Date.now(), list: await prowlarr.indexers() };
    return indexers.list;
  };
  return {
    source: 'prowlarr',
    async search(query) {
      const [results, list] = await Promise.all([prowlarr.search({ query }), indexerList()]);
      return { results, unavailable: list.filter((i) => i.enabled && !i.healthy).map((i) => i.name) };
    },
    async download(result) {
      const torrent = await prowlarr.downloadTorrent(result as Pick<ProwlarrResult, 'downloadUrl' | 'title'>);
      return new Uint8Array(torrent.bytes);
    },
    isPrivate(result) {
      const indexer = indexers?.list.find((i) => i.id === result.indexerId);
      // Unknown privacy is treated as private: the torrent must then carry its tracker, which a public one does too.
      return indexer ? indexer.privacy !== 'public' : true;
    },
  };
}

/** MyAnonamouse searched directly (one client per run: its request budget is per client). */
export function mamSearcher(create: () => MamClient, baseUrl: string | undefined): ReleaseSearcher {
  const base = baseUrl ?? MAM_BASE_URL;
  let client: MamClient | undefined;
  const mam = () => (client ??= create());
  return {
    source: 'mam',
    async search(query) {
      const found = await mam().search({ text: query });
      return { results: found.torrents.map((t) => mamToIndexerResult(t, base)), unavailable: [] };
    },
    async download(result: IndexerResult) {
      const tid = result.downloadUrl ? new URL(result.downloadUrl).searchParams.get('tid') : null;
      if (!tid) throw new Error(`"${result.title}" has no MyAnonamouse torrent id`);
      return new Uint8Array(await mam().downloadTorrent({ id: Number(tid) }));
    },
    isPrivate: () => true,
  };
}

/** qBittorrent as the grab and the download monitor use it. */
export function qbittorrentPort(client: QbittorrentClient): TorrentClientPort {
  return {
    async add(input) {
      const r = await client.addTorrent({ torrent: input.torrent, category: input.category, tags: input.tags, ...(input.savePath ? { savePath: input.savePath } : {}) });
      return { hash: r.hash, added: r.added };
    },
    async torrents(hashes) {
      if (hashes.length === 0) return [];
      return (await client.torrents({ hashes })).map((t) => ({
        hash: t.hash,
        name: t.name,
        tags: t.tags,
        savePath: t.savePath,
        contentPath: t.contentPath,
        sizeBytes: t.sizeBytes,
        state: t.state,
        progress: t.progress,
        amountLeftBytes: t.amountLeftBytes,
        downloadSpeedBps: t.downloadSpeedBps,
        etaSeconds: t.etaSeconds,
        connectedSeeds: t.connectedSeeds,
        swarmSeeds: t.swarmSeeds,
        hasMetadata: t.hasMetadata,
      }));
    },
    remove: (hashes, deleteFiles) => client.delete(hashes, { deleteFiles }),
  };
}
