import { PassThrough, Readable, type Writable } from 'node:stream';
import { vi } from 'vitest';

/**
 * Runs an evaluation command (JSON Lines in, one JSON line out per input) on the given lines, as `npm run cli` would
 * with stdin and stdout: its exit code, each output line parsed, the raw output and what it wrote to stderr.
 */
export async function runJsonlCommand<T = unknown>(
  command: (input: Readable, output: Writable) => Promise<number>,
  lines: string[],
): Promise<{ code: number; out: T[]; raw: string; stderr: string }> {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (c: Buffer) => chunks.push(c));
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await command(Readable.from(lines.map((l) => `${l}\n`)), output);
    const raw = Buffer.concat(chunks).toString('utf8');
    return { code, raw, stderr, out: raw.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as T) };
  } finally {
    spy.mockRestore();
  }
}
