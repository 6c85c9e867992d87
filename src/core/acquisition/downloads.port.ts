/** What the completion poll needs to know of the service's own downloads (src/db/repositories/download.repository.ts). */
export interface OpenDownloads {
  /** qBittorrent hashes of the downloads the service still waits for (queued or downloading). */
  openHashes(): Promise<string[]>;
}
