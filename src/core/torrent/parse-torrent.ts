import bencode from 'bencode';
import { computeInfoHashes, findInfoSpan, type InfoHashes } from './info-hash.js';
import { InvalidTorrentError } from './torrent.errors.js';

export interface TorrentFileEntry {
  /** Path inside the torrent, '/'-joined, including the top folder for multi-file torrents. */
  path: string;
  length: number;
}

export interface TorrentMeta {
  infoHash: InfoHashes;
  /** Display name (`info.name`). */
  name: string;
  files: TorrentFileEntry[];
  totalSize: number;
  private: boolean;
  /** Announce URLs. They often embed a passkey: never log them. */
  trackers: string[];
}

type Dict = Record<string, unknown>;
const isDict = (v: unknown): v is Dict => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
const text = (v: unknown): string | undefined => (v instanceof Uint8Array ? Buffer.from(v).toString('utf8') : undefined);

/** Reads what the service needs from .torrent bytes. Pure; throws InvalidTorrentError for anything unusable. */
export function parseTorrent(bytes: Uint8Array): TorrentMeta {
  const span = findInfoSpan(bytes);
  let root: unknown;
  try {
    root = bencode.decode(bytes);
  } catch (err) {
    throw new InvalidTorrentError('malformed bencode', { cause: err });
  }
  if (!isDict(root) || !isDict(root.info)) throw new InvalidTorrentError('no info dictionary');
  const info = root.info;
  const name = text(info['name.utf-8']) ?? text(info.name);
  if (!name) throw new InvalidTorrentError('info.name missing');

  const metaVersion = typeof info['meta version'] === 'number' ? info['meta version'] : undefined;
  const infoHash = computeInfoHashes(bytes.subarray(span.start, span.end), info.pieces instanceof Uint8Array, metaVersion);

  const files = readFiles(info, name);
  const trackers = readTrackers(root);
  return {
    infoHash,
    name,
    files,
    totalSize: files.reduce((sum, f) => sum + f.length, 0),
    private: info.private === 1,
    trackers,
  };
}

function readFiles(info: Dict, name: string): TorrentFileEntry[] {
  if (typeof info.length === 'number') return [{ path: name, length: info.length }];
  if (Array.isArray(info.files)) {
    return info.files.map((f: unknown) => {
      if (!isDict(f) || typeof f.length !== 'number' || !Array.isArray(f.path)) throw new InvalidTorrentError('bad files entry');
      const parts = (Array.isArray(f['path.utf-8']) ? f['path.utf-8'] : f.path).map((p: unknown) => text(p) ?? '');
      return { path: [name, ...parts].join('/'), length: f.length };
    });
  }
  if (isDict(info['file tree'])) return readFileTree(info['file tree'], name);
  throw new InvalidTorrentError('no length, files or file tree in info');
}

// BEP 52 file tree: nested dicts where a leaf is { '': { length, 'pieces root' } }.
function readFileTree(tree: Dict, prefix: string): TorrentFileEntry[] {
  const out: TorrentFileEntry[] = [];
  for (const [key, node] of Object.entries(tree)) {
    if (!isDict(node)) continue;
    const leaf = node[''];
    if (isDict(leaf) && typeof leaf.length === 'number') out.push({ path: `${prefix}/${key}`, length: leaf.length });
    else out.push(...readFileTree(node, `${prefix}/${key}`));
  }
  return out;
}

function readTrackers(root: Dict): string[] {
  const urls = new Set<string>();
  const announce = text(root.announce);
  if (announce) urls.add(announce);
  if (Array.isArray(root['announce-list'])) {
    for (const tier of root['announce-list']) {
      if (Array.isArray(tier)) for (const u of tier) { const s = text(u); if (s) urls.add(s); }
    }
  }
  return [...urls];
}
