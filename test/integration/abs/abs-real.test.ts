import { describe, it } from 'vitest';
import type { BookSeed } from '../../fakes/abs/index.js';
import type { AbsMetadataJson } from '../../helpers/abs-books.js';
import { ABS_HOOK_TIMEOUT_MS, absServerAvailability, startAbsServer } from '../../helpers/abs-server.js';
import { absClientSuite } from './abs.suite.js';

// Installs the real ABS once into the cache (1-4 min cold) before any test or hook runs. With CI=true an
// unavailable server throws here, failing the file instead of skipping it.
const abs = await absServerAvailability();

/** A seed as ABS's own sidecar: metadata.json decides every key it carries (workflow-anchors §3.1). */
function metadataJsonOf(seed: BookSeed): AbsMetadataJson {
  return {
    title: seed.title,
    subtitle: seed.subtitle ?? null,
    authors: seed.authors,
    narrators: seed.narrators ?? [],
    series: (seed.series ?? []).map((s) => (s.sequence ? `${s.name} #${s.sequence}` : s.name)),
    genres: seed.genres ?? [],
    tags: seed.tags ?? [],
    publishedYear: seed.publishedYear ?? null,
    publisher: seed.publisher ?? null,
    description: seed.description ?? null,
    isbn: seed.isbn ?? null,
    asin: seed.asin ?? null,
    language: seed.language ?? null,
  };
}

if (abs.available) {
  absClientSuite(
    'the real Audiobookshelf 2.36.0',
    async ({ watcher }) => {
      const s = await startAbsServer({ watcher });
      return {
        url: s.url,
        username: s.username,
        password: s.password,
        apiKey: s.apiKey,
        libraryId: s.libraryId,
        libraryFolder: s.libraryFolder,
        userToken: () => s.login(),
        stageBooks: (books) =>
          Promise.all(
            books.map((seed) =>
              s.addBook({ relPath: seed.relPath ?? `${seed.authors[0]}/${seed.title}`, audio: seed.audio?.format === 'm4b' ? { format: 'm4b' } : { format: 'mp3', files: seed.audio?.files ?? 1 }, metadata: metadataJsonOf(seed) }),
            ),
          ),
        scan: () => s.scan(),
        deleteItem: async (id) => void (await s.api('DELETE', `/api/items/${id}`)),
        watcherTimeoutMs: 45_000,
        stop: s.stop,
      };
    },
    ABS_HOOK_TIMEOUT_MS,
  );
} else {
  describe('ABS clients against the real Audiobookshelf', () => {
    it.skip(abs.reason, () => {});
  });
}
