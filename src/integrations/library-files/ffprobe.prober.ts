/**
 * AudioProber over ffprobe: a file is audio when ffprobe finds an audio stream in it (a text file comes out as a
 * "tty" video stream, an executable as nothing). Absent ffprobe means no prober (createFfprobeProber answers null),
 * and the selection goes by extension alone.
 */
import { execFile } from 'node:child_process';
import { access, constants } from 'node:fs/promises';
import { z } from 'zod';
import type { AudioProber } from '../../core/import/audio-prober.port.js';
import type { ProbeVerdict } from '../../core/import/audio-selection.js';

const probeOutput = z.object({
  streams: z.array(z.object({ codec_type: z.string().optional(), codec_name: z.string().optional() })).default([]),
  format: z.object({ duration: z.string().optional() }).optional(),
});

export interface FfprobeOptions {
  /** Default /usr/bin/ffprobe. */
  binary?: string;
  timeoutMs?: number;
}

function run(binary: string, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { timeout: timeoutMs, maxBuffer: 4 * 2 ** 20, signal, windowsHide: true }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') return reject(error);
      if (error && (error as { killed?: boolean }).killed) return reject(new Error(`ffprobe timed out after ${timeoutMs} ms`));
      if (error?.name === 'AbortError') return reject(error);
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout });
    });
  });
}

/** The prober, or null when the ffprobe binary is not there (or not executable). */
export async function createFfprobeProber(options: FfprobeOptions = {}): Promise<AudioProber | null> {
  const binary = options.binary ?? '/usr/bin/ffprobe';
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    await access(binary, constants.X_OK);
  } catch {
    return null;
  }
  return {
    async probe(absolutePath, signal): Promise<ProbeVerdict> {
      const { code, stdout } = await run(
        binary,
        ['-v', 'error', '-print_format', 'json', '-show_entries', 'stream=codec_type,codec_name:format=duration', '--', absolutePath],
        timeoutMs,
        signal,
      );
      // ffprobe exits non-zero on a file it cannot parse at all: not audio.
      if (code !== 0) return { audio: false, durationSeconds: null, codec: null };
      const parsed = probeOutput.safeParse(JSON.parse(stdout || '{}'));
      if (!parsed.success) return { audio: false, durationSeconds: null, codec: null };
      const audio = parsed.data.streams.find((s) => s.codec_type === 'audio');
      const duration = Number(parsed.data.format?.duration);
      return { audio: audio !== undefined, durationSeconds: Number.isFinite(duration) ? duration : null, codec: audio?.codec_name ?? null };
    },
  };
}
