import { describe, expect, it } from 'vitest';
import { ImportError, importErrorFromFs } from '../../../src/core/import/import.errors.js';

const fsError = (code: string) => Object.assign(new Error(`${code}: something`), { code });

describe('import errors', () => {
  it('name the filesystem failures users can act on, and which are worth retrying', () => {
    const cases: [string, string, boolean][] = [
      ['ENOSPC', 'disk-full', true],
      ['EDQUOT', 'disk-full', true],
      ['EACCES', 'permission-denied', true],
      ['EROFS', 'permission-denied', true],
      ['ENOENT', 'content-missing', true],
      ['EIO', 'io', true],
    ];
    for (const [code, expected, retryable] of cases) {
      const error = importErrorFromFs(fsError(code), 'copying into the library');
      expect([error.code, error.retryable], code).toEqual([expected, retryable]);
      expect(error.cause).toBeInstanceOf(Error);
    }
    expect(importErrorFromFs(fsError('ENOSPC'), 'copying into the library').message).toBe('disk full while copying into the library');
  });

  it('never retries a refusal', () => {
    for (const code of ['no-audio', 'outside-download-root', 'symlink-escape', 'target-exists', 'invalid-request'] as const) {
      expect(new ImportError(code, 'x').retryable).toBe(false);
    }
    const original = new ImportError('target-exists', 'x');
    expect(importErrorFromFs(original, 'anything')).toBe(original);
  });
});
