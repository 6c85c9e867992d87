import { describe, expect, it } from 'vitest';
import { checkGrab } from '../../../src/core/acquisition/grab-check.js';
import { makeTorrent } from '../../fixtures/torrents/make-torrent.js';

const files = [{ path: 'book.m4b', content: Buffer.alloc(40_000, 7) }];

describe('grab check', () => {
  it('given a .torrent, then its info hash is known before anything is sent', () => {
    const t = makeTorrent({ name: 'Dune', files, announce: 'https://tracker.example/announce' });
    const check = checkGrab({ torrent: t.bytes }, { privateIndexer: false });
    expect(check).toMatchObject({ ok: true, payload: { kind: 'torrent', hash: t.infoHash, name: 'Dune', sizeBytes: 40_000 } });
  });

  it("given a private indexer's torrent without a tracker, then the grab is refused (it would sit at 0 peers)", () => {
    const t = makeTorrent({ name: 'Dune', files, private: true });
    expect(checkGrab({ torrent: t.bytes }, { privateIndexer: true })).toEqual({ ok: false, reason: expect.stringContaining('carries no tracker') });
    const tracked = makeTorrent({ name: 'Dune', files, private: true, announce: 'https://t.myanonamouse.net/tracker.php/x/announce' });
    expect(checkGrab({ torrent: tracked.bytes }, { privateIndexer: true })).toMatchObject({ ok: true, payload: { private: true } });
  });

  it('given a login page instead of a torrent, then the grab is refused saying so', () => {
    expect(checkGrab({ torrent: Buffer.from('<html>login</html>') }, { privateIndexer: false })).toEqual({ ok: false, reason: expect.stringContaining('not a torrent') });
  });

  it('given a magnet, then it is accepted only with its hash, and never for a private indexer', () => {
    const hash = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';
    expect(checkGrab({ magnet: `magnet:?xt=urn:btih:${hash}&dn=Dune` }, { privateIndexer: false })).toEqual({ ok: true, payload: { kind: 'magnet', uri: `magnet:?xt=urn:btih:${hash}&dn=Dune`, hash } });
    expect(checkGrab({ magnet: 'magnet:?dn=Dune' }, { privateIndexer: false })).toMatchObject({ ok: false });
    expect(checkGrab({ magnet: `magnet:?xt=urn:btih:${hash}` }, { privateIndexer: true })).toMatchObject({ ok: false });
  });
});
