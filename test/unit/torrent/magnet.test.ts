import { describe, expect, it } from 'vitest';
import { infoHashFromMagnet } from '../../../src/core/torrent/index.js';

describe('infoHashFromMagnet', () => {
  const hex = '8c212779b4abde7c6bc608063a0d008b7e40ce32';

  it('given a hex btih, then it returns it lower-cased', () => {
    expect(infoHashFromMagnet(`magnet:?xt=urn:btih:${hex.toUpperCase()}&dn=Book&tr=https%3A%2F%2Ft.example%2Fa`)).toBe(hex);
  });

  it('given the base32 form, then it returns the same hash in hex', () => {
    // base32 of the 20 bytes above
    const b32 = Buffer.from(hex, 'hex');
    let bits = '';
    for (const byte of b32) bits += byte.toString(2).padStart(8, '0');
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
    let encoded = '';
    for (let i = 0; i < bits.length; i += 5) encoded += alphabet[Number.parseInt(bits.slice(i, i + 5), 2)];
    expect(encoded).toHaveLength(32);
    expect(infoHashFromMagnet(`magnet:?dn=x&xt=urn:btih:${encoded}`)).toBe(hex);
  });

  it.each([
    ['a v2-only magnet', 'magnet:?xt=urn:btmh:1220abcdef'],
    ['an http link', 'https://example.org/file.torrent'],
    ['a short btih', 'magnet:?xt=urn:btih:abcd'],
  ])('given %s, then it returns null', (_l, uri) => {
    expect(infoHashFromMagnet(uri)).toBeNull();
  });
});
