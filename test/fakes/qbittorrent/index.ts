export { startQbittorrentFake, type QbittorrentFake, type QbittorrentFakeControls, type QbittorrentFakeOptions } from './qbittorrent.fake.js';
export type { FinishedHookArgs } from './qbittorrent.state.js';
export type { QbtVersion } from './qbittorrent.torrents.js';
