import type { IndexerResult } from '../../core/releases/index.js';

/**
 * A release found through Prowlarr: the indexer-neutral result release selection scores (see prowlarr.mapper.ts),
 * plus what grabbing and downloading it need. `guid` with `indexerId` identifies a grab; for MAM the guid is the
 * torrent page URL. `downloadUrl` is Prowlarr's proxy link and embeds the API key: a secret, never log it.
 */
export interface ProwlarrResult extends IndexerResult {
  indexerId: number;
  grabs: number | null;
  /** All indexer flags as given (freeleech, halfleech, doubleupload, internal, …). */
  flags: string[];
  magnetUrl: string | null;
}

export interface SearchInput {
  query: string;
  /** Added to the audiobook category 3030 and the client's configured extras. */
  categories?: readonly number[];
  /** Limit to these indexers; default: the client's configured ones, or all enabled. */
  indexerIds?: readonly number[];
  limit?: number;
  offset?: number;
}

export interface IndexerHealth {
  id: number;
  name: string;
  enabled: boolean;
  protocol: string;
  privacy: string | null;
  /** Prowlarr backs off failing indexers until this time; null when healthy. */
  disabledUntil: Date | null;
  mostRecentFailure: Date | null;
  healthy: boolean;
}

export interface HealthIssue {
  source: string;
  type: string;
  message: string;
}

export interface DownloadedTorrent {
  bytes: Buffer;
  infoHash: string;
  name: string;
}
