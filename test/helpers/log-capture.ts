import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';

/** One parsed log line. */
export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export interface LogCapture {
  /** Writes every line (trace and up by default) into memory; no redaction or masking of its own. */
  logger: Logger;
  /** The serialised lines, in order, without their line breaks. */
  lines: string[];
  /** The lines parsed, to find one by its fields. */
  records(): LogLine[];
  text(): string;
  clear(): void;
}

/**
 * A pino logger writing to memory, for tests asserting on log output — what an operator would read. Deliberately
 * unmasked (unlike the app's logger): a secret found here leaked from the code under test itself. Errors logged as
 * `err` use pino's standard serialiser, so their message, stack and enumerable fields are in the text too.
 */
export function captureLogs(level: pino.LevelWithSilent = 'trace'): LogCapture {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      done();
    },
  });
  const logger = pino({ level, serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err } }, stream);
  return {
    logger,
    lines,
    records: () => lines.map((l) => JSON.parse(l) as LogLine),
    text: () => lines.join('\n'),
    clear: () => void (lines.length = 0),
  };
}
