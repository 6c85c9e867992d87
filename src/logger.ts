import pino, { type DestinationStream, type Logger } from 'pino';
import { createSecretMasker } from './util/mask-secrets.js';

export type { Logger };

/** Header and field paths that carry credentials, wherever a request or response object is logged. */
const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-webhook-secret"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["x-api-key"]',
  'config.headers',
  '*.password',
  '*.token',
  '*.apiKey',
  '*.mamId',
];

/**
 * The root logger. Besides path redaction, every serialised line passes through a masker of the configured secret
 * values, so a token that slips into an error message or URL is still never written.
 */
export function createLogger(opts: { level: string; secrets: ReadonlyArray<string>; destination?: DestinationStream; name?: string }): Logger {
  const mask = createSecretMasker(opts.secrets);
  return pino(
    {
      name: opts.name ?? 'shelfkeeper',
      level: opts.level,
      redact: { paths: REDACT_PATHS, censor: '***' },
      hooks: { streamWrite: (line) => mask(line) },
      serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
    },
    opts.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}
