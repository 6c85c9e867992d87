/**
 * Looks inside a file to tell audio from a file merely named like audio (ffprobe in src/integrations/library-files).
 * Optional: without a prober the selection goes by extension alone.
 */
import type { ProbeVerdict } from './audio-selection.js';

export interface AudioProber {
  /** The verdict on one file (an absolute path inside the download root); throws only when the prober itself fails. */
  probe(absolutePath: string, signal?: AbortSignal): Promise<ProbeVerdict>;
}
