import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** A real pino logger at trace level whose every line is kept, to assert on what would reach an operator. */
export function captureLogs(): { logger: Logger; lines: string[]; text(): string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      done();
    },
  });
  const logger = pino({ level: 'trace' }, stream);
  return { logger, lines, text: () => lines.join('\n') };
}
