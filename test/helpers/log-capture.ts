import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

export interface LogCapture {
  /** Writes every line (debug and up by default) into memory; no redaction or masking of its own. */
  logger: Logger;
  /** The serialised lines, in order. */
  lines: string[];
  text(): string;
  clear(): void;
}

/**
 * A pino logger writing to memory, for tests asserting on log output. Deliberately unmasked (unlike the app's
 * logger): a secret found here leaked from the code under test itself. Errors logged as `err` use pino's standard
 * serialiser, so their message, stack and enumerable fields are in the text too.
 */
export function captureLogs(level: pino.LevelWithSilent = 'debug'): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const logger = pino({ level, serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err } }, stream);
  return { logger, lines, text: () => lines.join(''), clear: () => void (lines.length = 0) };
}
