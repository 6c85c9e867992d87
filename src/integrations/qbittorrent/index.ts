export { QbittorrentClient, type QbittorrentClientOptions, type TorrentQuery } from './qbittorrent.client.js';
export type * from './qbittorrent.types.js';
