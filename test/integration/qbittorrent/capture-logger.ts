import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A debug-level pino logger whose lines are kept, so tests can assert that no secret was ever logged. */
export function captureLogger(): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines, text: () => lines.join('') };
}
