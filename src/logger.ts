import pino, { type DestinationStream, type Logger } from 'pino';
import { MASK, REDACT_PATHS, createSecretMasker } from './core/redaction/redact.js';

export type { Logger };

/**
 * The root logger. Besides path redaction, every serialised line passes through a masker of the configured secret
 * values and of secret-looking patterns (src/core/redaction), so a token that slips into an error message or URL is
 * still never written.
 */
export function createLogger(opts: { level: string; secrets: ReadonlyArray<string>; destination?: DestinationStream; name?: string }): Logger {
  const mask = createSecretMasker(opts.secrets);
  return pino(
    {
      name: opts.name ?? 'shelfkeeper',
      level: opts.level,
      redact: { paths: [...REDACT_PATHS], censor: MASK },
      hooks: { streamWrite: (line) => mask(line) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
