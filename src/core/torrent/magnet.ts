/** RFC 4648 base32 alphabet, used by old magnet links for the 32-char form of a v1 info hash. */
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function base32ToHex(s: string): string | null {
  let bits = '';
  for (const ch of s.toUpperCase()) {
    const v = BASE32.indexOf(ch);
    if (v < 0) return null;
    bits += v.toString(2).padStart(5, '0');
  }
  let hex = '';
  for (let i = 0; i + 4 <= bits.length; i += 4) hex += Number.parseInt(bits.slice(i, i + 4), 2).toString(16);
  return hex;
}

/**
 * The v1 info hash of a magnet link (`xt=urn:btih:` in 40-char hex or 32-char base32), lower-case hex; null when the
 * link has none (e.g. a v2-only `urn:btmh:` magnet) or is not a magnet link.
 */
export function infoHashFromMagnet(uri: string): string | null {
  if (!uri.toLowerCase().startsWith('magnet:?')) return null;
  const params = new URLSearchParams(uri.slice('magnet:?'.length));
  for (const xt of params.getAll('xt')) {
    const m = /^urn:btih:([0-9a-z]+)$/i.exec(xt.trim());
    if (!m) continue;
    const value = m[1]!;
    if (/^[0-9a-f]{40}$/i.test(value)) return value.toLowerCase();
    if (value.length === 32) return base32ToHex(value);
  }
  return null;
}
