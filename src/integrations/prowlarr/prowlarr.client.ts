import type { Logger } from 'pino';
import { InvalidTorrentError, parseTorrent } from '../../core/torrent/index.js';
import { IntegrationError, createServiceHttpClient, isIntegrationError, type HttpClient, type RetryPolicy } from '../http/index.js';
import { toIndexerResult } from './prowlarr.mapper.js';
import {
  grabReplySchema,
  healthListSchema,
  indexerListSchema,
  indexerStatusListSchema,
  releaseListSchema,
  systemStatusSchema,
} from './prowlarr.schemas.js';
import type { DownloadedTorrent, HealthIssue, IndexerHealth, ProwlarrResult, SearchInput } from './prowlarr.types.js';

/** Newznab Audio/Audiobook. */
export const AUDIOBOOK_CATEGORY = 3030;
const SERVICE = 'prowlarr';

export interface ProwlarrClientOptions {
  baseUrl: string;
  apiKey: string;
  logger: Logger;
  /** Extra categories searched besides 3030 (e.g. MAM's 100039). */
  categories?: readonly number[];
  /** Indexers searched by default; omitted = every enabled indexer. */
  indexerIds?: readonly number[];
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/**
 * Prowlarr API v1. Search results carry a `downloadUrl` that embeds the API key; the client fetches the .torrent
 * through it (always against the configured Prowlarr, so the key never goes to another host) and computes its hash.
 */
export class ProwlarrClient {
  private readonly http: HttpClient;
  private readonly categories: number[];
  private readonly indexerIds: readonly number[];

  constructor(options: ProwlarrClientOptions) {
    this.http = createServiceHttpClient(SERVICE, {
      baseUrl: options.baseUrl,
      logger: options.logger,
      headers: { 'X-Api-Key': options.apiKey },
      secrets: [options.apiKey],
      // Never follow redirects: a download link that redirects (magnet, indexer in "redirect" mode) would carry the
      // X-Api-Key header to another host.
      maxRedirects: 0,
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    this.categories = [...new Set([AUDIOBOOK_CATEGORY, ...(options.categories ?? [])])];
    this.indexerIds = options.indexerIds ?? [];
  }

  /**
   * Searches the indexers. An empty list means the indexers answered with nothing — but Prowlarr also swallows a
   * failing indexer (its `src/NzbDrone.Core/IndexerSearch/ReleaseSearchService.cs` logs and drops it), so callers
   * wanting to tell "none" from "broken" check `indexers()` too.
   */
  async search(input: SearchInput): Promise<ProwlarrResult[]> {
    const rows = await this.http.request({
      operation: 'search',
      url: 'api/v1/search',
      params: {
        query: input.query,
        type: 'search',
        // Repeated keys, not comma lists (`List<int>` binding in Prowlarr's `Search/SearchResource.cs`).
        categories: [...new Set([...this.categories, ...(input.categories ?? [])])],
        indexerIds: input.indexerIds ?? this.indexerIds,
        limit: input.limit ?? 100,
        offset: input.offset ?? 0,
      },
      schema: releaseListSchema,
    });
    return rows.map(toIndexerResult);
  }

  /** Indexers with Prowlarr's back-off state: a disabled-until in the future means searches skip it. */
  async indexers(): Promise<IndexerHealth[]> {
    const [list, statuses] = await Promise.all([
      this.http.request({ operation: 'indexers', url: 'api/v1/indexer', schema: indexerListSchema }),
      this.http.request({ operation: 'indexerStatus', url: 'api/v1/indexerstatus', schema: indexerStatusListSchema }),
    ]);
    const now = Date.now();
    return list.map((i) => {
      const status = statuses.find((s) => s.indexerId === i.id);
      const disabledUntil = status?.disabledTill ? new Date(status.disabledTill) : null;
      return {
        id: i.id,
        name: i.name,
        enabled: i.enable,
        protocol: i.protocol,
        privacy: i.privacy ?? null,
        disabledUntil,
        mostRecentFailure: status?.mostRecentFailure ? new Date(status.mostRecentFailure) : null,
        healthy: i.enable && !(disabledUntil && disabledUntil.getTime() > now),
      };
    });
  }

  async health(): Promise<HealthIssue[]> {
    return this.http.request({ operation: 'health', url: 'api/v1/health', schema: healthListSchema });
  }

  async systemStatus(): Promise<{ appName: string; version: string }> {
    return this.http.request({ operation: 'systemStatus', url: 'api/v1/system/status', schema: systemStatusSchema });
  }

  /** Fetches the .torrent behind a result's proxy link and computes its info hash locally. */
  async downloadTorrent(release: Pick<ProwlarrResult, 'downloadUrl' | 'title'>): Promise<DownloadedTorrent> {
    if (!release.downloadUrl) {
      throw new IntegrationError({ service: SERVICE, operation: 'downloadTorrent', code: 'bad_request', message: `release "${release.title}" has no download link` });
    }
    let bytes: Buffer;
    try {
      bytes = await this.http.request({
        operation: 'downloadTorrent',
        url: this.rebase(release.downloadUrl),
        responseType: 'buffer',
        headers: { Accept: 'application/x-bittorrent, */*' },
      });
    } catch (err) {
      if (isIntegrationError(err) && err.status !== undefined && err.status >= 300 && err.status < 400) {
        throw err.with({ code: 'invalid_response', retryable: false, message: 'Prowlarr redirected instead of serving a .torrent (magnet link, or the indexer is in redirect mode)' });
      }
      throw err;
    }
    try {
      const meta = parseTorrent(bytes);
      return { bytes, infoHash: meta.infoHash.id, name: meta.name };
    } catch (err) {
      if (!(err instanceof InvalidTorrentError)) throw err;
      throw new IntegrationError({ service: SERVICE, operation: 'downloadTorrent', code: 'invalid_response', message: `the download link did not return a .torrent (${err.message})` });
    }
  }

  /**
   * Asks Prowlarr to send the release to its own download client. Only works within 30 min of the search that
   * returned it; a cache miss is a `not_found` whose message says to search again.
   */
  async grab(release: Pick<ProwlarrResult, 'guid' | 'indexerId'>, downloadClientId?: number): Promise<void> {
    try {
      await this.http.request({
        operation: 'grab',
        method: 'POST',
        url: 'api/v1/search',
        data: { guid: release.guid, indexerId: release.indexerId, ...(downloadClientId === undefined ? {} : { downloadClientId }) },
        headers: { 'Content-Type': 'application/json' },
        schema: grabReplySchema,
      });
    } catch (err) {
      if (isIntegrationError(err, 'not_found')) throw err.with({ message: "release no longer in Prowlarr's 30-minute cache; search again" });
      throw err;
    }
  }

  /**
   * Prowlarr builds download links from the host it was called by, which may be an internal name. Keep the path and
   * query but always send the request to the configured Prowlarr: the link carries the API key.
   */
  private rebase(downloadUrl: string): string {
    let link: URL;
    try {
      link = new URL(downloadUrl);
    } catch {
      throw new IntegrationError({ service: SERVICE, operation: 'downloadTorrent', code: 'invalid_response', message: 'download link is not a URL' });
    }
    const base = new URL(this.http.baseUrl);
    link.protocol = base.protocol;
    link.host = base.host;
    return link.toString();
  }
}
