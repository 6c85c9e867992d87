/**
 * Runs one import in its own process and kills that process (SIGKILL: no cleanup, no finally) at a checkpoint, the
 * way a power cut or an OOM kill would. Used by library-files.test.ts: argv = libraryRoot downloadRoot contentPath
 * downloadId checkpoint.
 */
import { importDownload } from '../../../src/core/import/import-download.js';
import { createLocalLibraryFiles, type ImportCheckpoint } from '../../../src/integrations/library-files/index.js';

const [libraryRoot, downloadRoot, contentPath, downloadId, point] = process.argv.slice(2) as [string, string, string, string, ImportCheckpoint];
const files = createLocalLibraryFiles({
  libraryRoot,
  downloadRoot,
  mode: 'hardlink',
  checkpoint: (reached) => {
    if (reached === point) process.kill(process.pid, 'SIGKILL');
  },
});
await importDownload(
  { downloadId, contentPath, book: { title: 'Crash Course', authors: ['Ann Author'], series: [{ name: 'Falls', sequence: '2' }], asin: 'B000000002' } },
  { files },
);
process.stdout.write('finished without being killed\n');
