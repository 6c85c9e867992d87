/** A release found through Prowlarr, in the service's words. */
export interface IndexerRelease {
  /** Unique per indexer; for MAM the torrent page URL. With `indexerId` it identifies a grab. */
  guid: string;
  title: string;
  sizeBytes: number;
  seeders: number | null;
  leechers: number | null;
  grabs: number | null;
  /** Newznab category ids; ids ≥ 100000 are tracker-specific. */
  categories: number[];
  indexerId: number;
  indexer: string;
  /** Any freeleech flag (Prowlarr folds MAM's freeleech, personal FL and VIP FL into `freeleech`). */
  freeleech: boolean;
  /** All indexer flags as given (freeleech, halfleech, doubleupload, internal, …). */
  flags: string[];
  publishDate: Date;
  infoUrl: string | null;
  /** Prowlarr proxy link that embeds the API key: a secret, never log it. */
  downloadUrl: string | null;
  magnetUrl: string | null;
  protocol: string;
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
