import { createHash } from 'node:crypto';
import bencode from 'bencode';
import { InvalidTorrentError } from './torrent.errors.js';

/**
 * Locates the raw bytes of the top-level `info` value.
 *
 * The info hash is the digest of those exact bytes as they sit in the file. Re-encoding the decoded dictionary would
 * sort keys and normalise integers, so a torrent written by a sloppy encoder would hash differently from what the
 * tracker and qBittorrent use: always hash the original span.
 */
export function findInfoSpan(bytes: Uint8Array): { start: number; end: number } {
  if (bytes[0] !== 0x64 /* d */) throw new InvalidTorrentError('not a bencoded dictionary');
  let pos = 1;
  try {
    while (pos < bytes.length && bytes[pos] !== 0x65 /* e */) {
      const key = bencode.decode(bytes, pos);
      if (!(key instanceof Uint8Array)) throw new InvalidTorrentError('dictionary key is not a byte string');
      pos += bencode.decode.position;
      const valueStart = pos;
      bencode.decode(bytes, pos);
      pos += bencode.decode.position;
      if (pos > bytes.length) throw new InvalidTorrentError('truncated torrent');
      if (Buffer.from(key).toString('latin1') === 'info') return { start: valueStart, end: pos };
    }
  } catch (err) {
    if (err instanceof InvalidTorrentError) throw err;
    throw new InvalidTorrentError('malformed bencode', { cause: err });
  }
  throw new InvalidTorrentError('no info dictionary');
}

export interface InfoHashes {
  /** SHA-1 of the info dictionary, 40 lower-case hex chars; null for a pure v2 torrent. */
  v1: string | null;
  /** SHA-256 of the info dictionary for v2/hybrid torrents, 64 hex chars; null for v1-only. */
  v2: string | null;
  /** What qBittorrent calls the torrent id / `hash`: v1, or the v2 hash truncated to 40 chars (BEP 52). */
  id: string;
}

/** Computes the info hashes from the info bytes and the two fields that tell v1 from v2. */
export function computeInfoHashes(infoBytes: Uint8Array, hasV1Pieces: boolean, metaVersion: number | undefined): InfoHashes {
  const v1 = hasV1Pieces ? createHash('sha1').update(infoBytes).digest('hex') : null;
  const v2 = metaVersion === 2 ? createHash('sha256').update(infoBytes).digest('hex') : null;
  const id = v1 ?? v2?.slice(0, 40);
  if (!id) throw new InvalidTorrentError('neither v1 pieces nor meta version 2');
  return { v1, v2, id };
}
