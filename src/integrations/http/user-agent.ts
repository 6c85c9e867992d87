import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** `shelfkeeper/<version> (+https://github.com/shelfkeeper/shelfkeeper)`; package.json is read once, lazily. */
export function userAgent(): string {
  if (cached === undefined) {
    let version = '0.0.0';
    try {
      const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') version = pkg.version;
    } catch {
      // A missing package.json (bundled deployment) only costs the version number in the header.
    }
    cached = `shelfkeeper/${version} (+https://github.com/shelfkeeper/shelfkeeper)`;
  }
  return cached;
}
