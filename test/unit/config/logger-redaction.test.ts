import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, destination };
}

describe('logger', () => {
  it('never writes a configured secret, wherever it appears in a line', () => {
    const { lines, destination } = capture();
    const secret = 'sk_live_"quoted"/token';
    const logger = createLogger({ level: 'info', secrets: [secret, 'mam-cookie-123'], destination });
    logger.info({ url: `http://prowlarr/api?apikey=${encodeURIComponent(secret)}` }, 'fetching');
    logger.error({ err: new Error(`login failed for ${secret}`) }, 'failed with mam-cookie-123');
    logger.info({ headers: { authorization: 'Bearer abc', cookie: 'SID=xyz' }, nested: { password: 'pw-1' } }, 'request');
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    expect(text).not.toContain('sk_live_');
    expect(text).not.toContain('mam-cookie-123');
    expect(text).not.toContain('Bearer abc');
    expect(text).not.toContain('SID=xyz');
    expect(text).not.toContain('pw-1');
    expect(text).toContain('login failed for ***');
  });
});
