import { InvalidTorrentError, infoHashFromMagnet, parseTorrent } from '../torrent/index.js';

/**
 * What a grab may send to qBittorrent, decided before anything is sent: the info hash must be known first (the
 * download row is written with it before the add, so a crash between the two is reconciled by hash), and a private
 * indexer's torrent must carry its tracker (sent without one, a MyAnonamouse torrent sits at 0 peers for ever).
 */
export type GrabPayload =
  | { kind: 'torrent'; bytes: Uint8Array; hash: string; name: string; sizeBytes: number; private: boolean }
  | { kind: 'magnet'; uri: string; hash: string };

export type GrabCheck = { ok: true; payload: GrabPayload } | { ok: false; reason: string };

export function checkGrab(input: { torrent: Uint8Array } | { magnet: string }, opts: { privateIndexer: boolean }): GrabCheck {
  if ('magnet' in input) {
    const hash = infoHashFromMagnet(input.magnet);
    if (!hash) return { ok: false, reason: 'the magnet link carries no v1 info hash (it could not be tracked before qBittorrent has it)' };
    // A magnet from a private indexer has no private flag to honour and its trackers arrive only with the metadata.
    if (opts.privateIndexer) return { ok: false, reason: "a private indexer's release must be grabbed as its .torrent, not a magnet" };
    return { ok: true, payload: { kind: 'magnet', uri: input.magnet, hash } };
  }
  let meta;
  try {
    meta = parseTorrent(input.torrent);
  } catch (error) {
    const why = error instanceof InvalidTorrentError ? error.message : 'unreadable';
    return { ok: false, reason: `the indexer's download is not a torrent (${why}) — often a login page or an expired link` };
  }
  const hash = meta.infoHash.v1 ?? meta.infoHash.id;
  if (opts.privateIndexer && meta.trackers.length === 0) {
    return { ok: false, reason: "the private indexer's torrent carries no tracker, so it would never find a peer" };
  }
  return { ok: true, payload: { kind: 'torrent', bytes: input.torrent, hash, name: meta.name, sizeBytes: meta.totalSize, private: meta.private } };
}
