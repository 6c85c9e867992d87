import { createHash } from 'node:crypto';
import bencode from 'bencode';
import { describe, expect, it } from 'vitest';
import { InvalidTorrentError, parseTorrent } from '../../../src/core/torrent/index.js';
import { makeTorrent, payloadBytes } from '../../fixtures/torrents/make-torrent.js';

const sha1 = (b: Uint8Array | string) => createHash('sha1').update(b).digest('hex');

describe('parseTorrent', () => {
  it('given a multi-file torrent, then the info hash is the SHA-1 of its info dictionary and files carry the folder', () => {
    const t = makeTorrent({
      name: 'Project Hail Mary',
      files: [
        { path: 'Part 1.mp3', content: payloadBytes(40_000, 'a') },
        { path: 'extras/cover.jpg', content: payloadBytes(1_000, 'b') },
      ],
      private: true,
      announce: 'https://tracker.example/announce/PASSKEY',
    });
    const meta = parseTorrent(t.bytes);
    expect(meta.infoHash.id).toBe(t.infoHash);
    expect(meta.infoHash.v1).toBe(t.infoHash);
    expect(meta.infoHash.v2).toBeNull();
    expect(meta.name).toBe('Project Hail Mary');
    expect(meta.files).toEqual([
      { path: 'Project Hail Mary/Part 1.mp3', length: 40_000 },
      { path: 'Project Hail Mary/extras/cover.jpg', length: 1_000 },
    ]);
    expect(meta.totalSize).toBe(41_000);
    expect(meta.private).toBe(true);
    expect(meta.trackers).toEqual(['https://tracker.example/announce/PASSKEY']);
  });

  it('given a single-file torrent, then its one file is named after info.name', () => {
    const t = makeTorrent({ name: 'book.m4b', files: [{ path: 'book.m4b', content: payloadBytes(5, 'c') }], singleFile: true });
    const meta = parseTorrent(t.bytes);
    expect(meta.infoHash.id).toBe(t.infoHash);
    expect(meta.files).toEqual([{ path: 'book.m4b', length: 5 }]);
    expect(meta.private).toBe(false);
  });

  it('given an info dictionary with unsorted keys, then the hash covers the original bytes, not a re-encoding', () => {
    const pieces = Buffer.alloc(20, 7);
    const info = Buffer.concat([Buffer.from('d4:name1:a6:lengthi3e12:piece lengthi16384e6:pieces20:'), pieces, Buffer.from('e')]);
    const bytes = Buffer.concat([Buffer.from('d8:announce3:url4:info'), info, Buffer.from('e')]);
    const reencoded = sha1(bencode.encode(bencode.decode(info) as object));
    const raw = sha1(info);
    expect(raw).not.toBe(reencoded);
    expect(parseTorrent(bytes).infoHash.id).toBe(raw);
  });

  it('given a pure v2 torrent, then the id is the SHA-256 truncated to 40 hex chars', () => {
    const info = {
      'file tree': { 'a.mp3': { '': { length: 10, 'pieces root': Buffer.alloc(32) } } },
      'meta version': 2,
      name: 'v2book',
      'piece length': 16384,
    };
    const infoBytes = bencode.encode(info);
    const meta = parseTorrent(bencode.encode({ info }));
    const sha256 = createHash('sha256').update(infoBytes).digest('hex');
    expect(meta.infoHash).toEqual({ v1: null, v2: sha256, id: sha256.slice(0, 40) });
    expect(meta.files).toEqual([{ path: 'v2book/a.mp3', length: 10 }]);
  });

  it.each([
    ['an HTML page', Buffer.from('<html>login</html>')],
    ['an empty buffer', Buffer.alloc(0)],
    ['a dictionary without info', Buffer.from('d8:announce3:urle')],
    ['a truncated file', makeTorrent({ name: 'x', files: [{ path: 'x', content: Buffer.from('xyz') }] }).bytes.subarray(0, 60)],
    ['info without name', Buffer.from('d4:infod6:lengthi3eee')],
  ])('given %s, then it throws InvalidTorrentError', (_label, bytes) => {
    expect(() => parseTorrent(bytes)).toThrow(InvalidTorrentError);
  });
});
