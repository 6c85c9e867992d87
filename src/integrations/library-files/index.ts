export { createLocalLibraryFiles, WORK_DIR, type ImportCheckpoint, type LocalLibraryFilesOptions } from './local-library-files.js';
export { createFfprobeProber, type FfprobeOptions } from './ffprobe.prober.js';
export { realFileOps, type FileOps } from './file-transfer.js';
