/** .torrent parsing and info-hash computation. Pure: no I/O. */
export { parseTorrent, type TorrentMeta, type TorrentFileEntry } from './parse-torrent.js';
export { computeInfoHashes, findInfoSpan, type InfoHashes } from './info-hash.js';
export { InvalidTorrentError } from './torrent.errors.js';
export { infoHashFromMagnet } from './magnet.js';
