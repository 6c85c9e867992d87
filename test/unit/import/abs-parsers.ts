import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * Audiobookshelf 2.36.0's own parsers, loaded from the vendored server: the folder-name parser (scandir.js
 * getBookDataFromDir) and the metadata.json reader (abmetadataGenerator.parseJson). Their only impure dependencies
 * (the logger, file utilities with network imports, the LibraryFile model) are replaced by inert stand-ins in the
 * require cache; the parsing code itself runs unmodified.
 */
export interface AbsParsers {
  getBookDataFromDir(relPath: string): {
    title: string;
    subtitle: string | null;
    asin: string | null;
    authors: string[];
    narrators: string[];
    seriesName: string | null;
    seriesSequence: string | null;
    publishedYear: string | null;
  };
  parseMetadataJson(text: string): Record<string, unknown> | null;
}

export function loadAbsParsers(vendorDir: string): AbsParsers {
  const server = path.join(vendorDir, 'server');
  const require = createRequire(path.join(server, 'index.js'));
  const stub = (relative: string, exports: unknown) => {
    const file = require.resolve(path.join(server, relative));
    require.cache[file] = { id: file, filename: file, loaded: true, exports } as NodeJS.Module;
  };
  stub('Logger.js', { warn() {}, error() {}, info() {}, debug() {} });
  stub('utils/fileUtils.js', { filePathToPOSIX: (p: string) => p.replace(/\\/g, '/') });
  stub('objects/files/LibraryFile.js', class {});
  (globalThis as Record<string, unknown>).ServerSettings ??= { scannerParseSubtitle: false };
  const scandir = require(path.join(server, 'utils/scandir.js')) as { getBookDataFromDir(relPath: string, parseSubtitle: boolean): unknown };
  const generator = require(path.join(server, 'utils/generators/abmetadataGenerator.js')) as { parseJson(text: string, type: string): Record<string, unknown> | null };
  return {
    getBookDataFromDir: (relPath) => scandir.getBookDataFromDir(relPath, false) as ReturnType<AbsParsers['getBookDataFromDir']>,
    parseMetadataJson: (text) => generator.parseJson(text, 'book'),
  };
}
