import { mkdtemp, rename } from 'node:fs/promises';
import path from 'node:path';
import { describe, it } from 'vitest';
import { ABS_HOOK_TIMEOUT_MS, absServerAvailability, startAbsServer } from '../../helpers/abs-server.js';
import { liveMirrorSuite } from './live-mirror.suite.js';

// Installs the real ABS once into the cache before any test runs (see abs-real.test.ts); CI=true makes an
// unavailable server a failure.
const abs = await absServerAvailability();

/** ABS's ACCESS_TOKEN_EXPIRY, in seconds (1 h by default): short, so each credential's run outlives its first token. */
const ACCESS_TOKEN_EXPIRY_S = 8;

if (abs.available) {
  liveMirrorSuite(
    'the real Audiobookshelf 2.36.0',
    async () => {
      // The suite logs in and refreshes far more often than a deployment does: ABS's limit of 40 a 10 minutes is
      // lifted (RATE_LIMIT_AUTH_MAX=0 disables it), nothing else about its auth changes.
      const s = await startAbsServer({ env: { ACCESS_TOKEN_EXPIRY: String(ACCESS_TOKEN_EXPIRY_S), RATE_LIMIT_AUTH_MAX: '0' } });
      const relPath = (seed: { title: string; authors: string[]; relPath?: string }) => seed.relPath ?? `${seed.authors[0]}/${seed.title}`;
      // Outside the library folder, on the same filesystem (a rename, not a copy).
      const outside = await mkdtemp(path.join(path.dirname(s.libraryFolder), 'moved-out-'));
      return {
        url: s.url,
        username: s.username,
        password: s.password,
        apiKey: s.apiKey,
        libraryId: s.libraryId,
        accessTokenTtlMs: ACCESS_TOKEN_EXPIRY_S * 1000,
        async legacyToken() {
          const res = await fetch(`${s.url}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: s.username, password: s.password }) });
          return ((await res.json()) as { user: { token: string } }).user.token;
        },
        addBooks: async (seeds) =>
          void (await Promise.all(
            seeds.map((seed) =>
              s.addBook({
                relPath: relPath(seed),
                audio: { format: 'mp3', files: 1 },
                metadata: {
                  title: seed.title,
                  subtitle: null,
                  authors: seed.authors,
                  narrators: seed.narrators ?? [],
                  series: (seed.series ?? []).map((x) => (x.sequence ? `${x.name} #${x.sequence}` : x.name)),
                  genres: [],
                  tags: [],
                  publishedYear: null,
                  publisher: null,
                  description: null,
                  isbn: null,
                  asin: null,
                  language: null,
                },
              }),
            ),
          )),
        scan: () => s.scan(),
        api: (method, path, body) => s.api(method, path, body),
        // Moves keep the folder's inode, which is how ABS knows a moved-back or renamed folder for the same item.
        moveFolderOut: (seed) => rename(path.join(s.libraryFolder, relPath(seed)), path.join(outside, path.basename(relPath(seed)))),
        moveFolderBack: (seed) => rename(path.join(outside, path.basename(relPath(seed))), path.join(s.libraryFolder, relPath(seed))),
        renameFolder: (seed, _id, to) => rename(path.join(s.libraryFolder, relPath(seed)), path.join(s.libraryFolder, to)),
        stop: s.stop,
      };
    },
    { hookTimeoutMs: ABS_HOOK_TIMEOUT_MS },
  );
} else {
  describe('ABS changes into the mirror against the real Audiobookshelf', () => {
    it.skip(abs.reason, () => {});
  });
}
