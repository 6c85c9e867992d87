import { describe, expect, it } from 'vitest';
import { createSecretMasker, isSecretName, maskQuery, maskUrl, maskUrlsInText, redactStoredValue } from '../../../src/core/redaction/redact.js';

const PASSKEY = '0123456789abcdef0123456789abcdef';

describe('the one redaction list', () => {
  it.each([
    [`https://t.myanonamouse.net/tracker.php/${PASSKEY}/announce`, 'https://t.myanonamouse.net/tracker.php/***/announce'],
    [`http://tracker.example.org:2710/announce/${PASSKEY}`, 'http://tracker.example.org:2710/announce/***'],
    [`https://tracker.example.org/${PASSKEY}/announce`, 'https://tracker.example.org/***/announce'],
    [`https://tracker.example.org/announce.php?passkey=${PASSKEY}&info=1`, 'https://tracker.example.org/announce.php?passkey=***&info=1'],
    [`https://tracker.example.org/announce?torrent_pass=${PASSKEY}`, 'https://tracker.example.org/announce?torrent_pass=***'],
    [`https://user:${PASSKEY}@host.example/x?token=${PASSKEY}`, 'https://***@host.example/x?token=***'],
  ])('masks tracker passkeys and tokens in URLs: %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
    expect(maskUrlsInText(`tracker was ${url}, then`)).toBe(`tracker was ${masked}, then`);
  });

  it('leaves public trackers, hosts and ordinary paths alone', () => {
    for (const url of ['udp://tracker.opentrackr.org:1337/announce', 'https://very-long-hostname.example.org/announce', '/downloads/Dune (1965)/part 1.m4b']) {
      expect(maskUrlsInText(url)).toBe(url);
    }
  });

  it('judges query parameters by their decoded name, and re-encodes other values canonically', () => {
    expect(maskQuery('?s%65cret=%53%4Bvalue&x=%61b')).toBe('?secret=***&x=ab');
    expect(maskQuery('?API-KEY=1&Token=2&passkey=3&name=a+b')).toBe('?API-KEY=***&Token=***&passkey=***&name=a%20b');
    expect(maskUrl('/webhooks/qbittorrent?s%65cret=%53%4B')).toBe('/webhooks/qbittorrent?secret=***');
    for (const name of ['X-Api-Key', 'api-key', 'API_KEY', 'apikey', 'Access-Token', 'torrent_pass', 'PassKey']) expect(isSecretName(name)).toBe(true);
    for (const name of ['name', 'hash', 'keys', 'tracker', 'passage']) expect(isSecretName(name)).toBe(false);
  });

  it('masks a known value in each of its encoded forms, and patterns, in one pass', () => {
    const secret = 'Pa55 w/rd+&"x"';
    const mask = createSecretMasker([secret]);
    for (const form of [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), new URLSearchParams({ v: secret }).toString().slice(2)]) {
      expect(mask(`a ${form} b`)).toBe('a *** b');
    }
    expect(mask(`"tracker":"https://t.example/tracker.php/${PASSKEY}/announce"`)).not.toContain(PASSKEY);
    expect(createSecretMasker([secret], { patterns: false })('apikey=zzz')).toBe('apikey=zzz');
  });

  it('redacts every string of a stored payload, whole and unshortened, keeping its keys and other values', () => {
    const long = 'n'.repeat(5000);
    const payload = { name: long, tracker: `https://t.myanonamouse.net/tracker.php/${PASSKEY}/announce`, tags: [`see https://x.example/?apikey=${PASSKEY}`], size: 3, key: 'k' };
    expect(redactStoredValue(payload)).toEqual({
      name: long,
      tracker: 'https://t.myanonamouse.net/tracker.php/***/announce',
      tags: ['see https://x.example/?apikey=***'],
      size: 3,
      key: 'k',
    });
  });
});
