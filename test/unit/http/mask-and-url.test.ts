import { describe, expect, it } from 'vitest';
import { joinUrl, normaliseBaseUrl } from '../../../src/integrations/http/base-url.js';
import { maskText, maskUrl } from '../../../src/integrations/http/mask.js';
import { parseRetryAfter } from '../../../src/integrations/http/retry.js';

describe('normaliseBaseUrl', () => {
  it('strips credentials, query and fragment and ends with one slash', () => {
    expect(normaliseBaseUrl('s', 'http://user:pw@host:9696/prowlarr?x=1#y')).toBe('http://host:9696/prowlarr/');
    expect(normaliseBaseUrl('s', ' https://abs.example.org ')).toBe('https://abs.example.org/');
  });
  it('keeps a path prefix when joining', () => {
    expect(joinUrl('http://host/prowlarr/', '/api/v1/search')).toBe('http://host/prowlarr/api/v1/search');
    expect(joinUrl('http://host/prowlarr/', 'https://other/x')).toBe('https://other/x');
  });
  it('refuses other schemes', () => {
    expect(() => normaliseBaseUrl('s', 'file:///etc/passwd')).toThrow(/http or https/);
    expect(() => normaliseBaseUrl('s', 'javascript:alert(1)')).toThrow(/http or https/);
  });
});

describe('masking', () => {
  it('masks secret query parameters and userinfo in URLs', () => {
    const masked = maskUrl('http://u:pw@prowlarr:9696/3/download?apikey=abc123&link=aHR0cHM6Ly90cmFja2Vy&file=Book');
    expect(masked).not.toContain('abc123');
    expect(masked).not.toContain('aHR0cHM6Ly90cmFja2Vy');
    expect(masked).not.toContain('pw');
    expect(masked).toContain('file=Book');
  });
  it('masks cookies, bearer tokens, MAM download tokens and configured values in text', () => {
    const text = maskText(
      'Cookie: mam_id=Zx9-long.cookie; SID=abc; Authorization: Bearer eyJhbGciOi.x.y GET /tor/download.php/dlTOKEN123 key SUPERSECRET',
      ['SUPERSECRET'],
    );
    for (const secret of ['Zx9-long.cookie', 'SID=abc', 'eyJhbGciOi', 'dlTOKEN123', 'SUPERSECRET']) expect(text).not.toContain(secret);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, ignores garbage', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
