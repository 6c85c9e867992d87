import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { maskUrlsInText } from '../core/redaction/redact.js';
import { describeConnectionError, isConnectionError } from '../core/status/connection-error.js';

/** Seconds a sender is asked to wait when the database is unreachable. */
const UNAVAILABLE_RETRY_AFTER_S = 30;

/** An error meant for the HTTP caller: its status and message are sent as they are. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `No route for ${req.method} ${req.path}` } });
};

interface ParserError {
  type?: string;
  status?: number;
  code?: string;
  message?: string;
}

/** Body-parser's own errors carry a `type`; the ones named here get a message of ours. */
const PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
  'entity.too.large': { status: 413, code: 'payload_too_large', message: 'Request body is too large' },
  'parameters.too.many': { status: 413, code: 'too_many_fields', message: 'Request body has too many form fields' },
  'entity.parse.failed': { status: 400, code: 'invalid_body', message: 'Request body is not valid JSON' },
  'request.size.invalid': { status: 400, code: 'invalid_body', message: 'Request body length does not match its Content-Length' },
  'request.aborted': { status: 400, code: 'aborted', message: 'The request was aborted by the client' },
};

/**
 * A body parser's verdict as an answer: its named errors, then any other client error it raised with its own status
 * (a corrupt or truncated gzip body is a zlib error the parser marks 400). Never a 500 for the client's own bytes.
 */
function fromParserError(error: ParserError): HttpError | undefined {
  const known = error.type ? PARSER_ERRORS[error.type] : undefined;
  if (known) return new HttpError(known.status, known.code, known.message);
  if (error.type === 'encoding.unsupported' || error.type === 'charset.unsupported') return new HttpError(415, 'unsupported_encoding', error.message ?? 'Unsupported body encoding');
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    const message = error.code?.startsWith('Z_') ? 'Request body could not be decompressed (corrupt or truncated)' : 'Request body could not be read';
    return new HttpError(error.status, 'invalid_body', message);
  }
  return undefined;
}

/**
 * What is logged of an unexpected error. A failed database query (drizzle's DrizzleQueryError) carries the whole
 * statement and every parameter — the request's payload — in its message, stack and fields: only the driver's reason,
 * its code and the start of the statement are kept, once.
 */
export function loggableError(error: unknown): unknown {
  const e = error as { query?: unknown; params?: unknown; cause?: { message?: string; code?: string; stack?: string } };
  if (!(error instanceof Error) || typeof e.query !== 'string' || !Array.isArray(e.params)) return error;
  const reason = e.cause?.message ?? 'unknown reason';
  const logged = new Error(maskUrlsInText(`database query failed: ${reason}`));
  logged.name = 'DatabaseQueryError';
  logged.stack = `${logged.name}: ${logged.message}\n${(e.cause?.stack ?? '').split('\n').slice(1).join('\n')}`;
  return Object.assign(logged, { code: e.cause?.code, statement: e.query.slice(0, 120) });
}

/** Every error becomes JSON `{error: {code, message, id}}`; unexpected ones are logged once with the same id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof HttpError ? error : fromParserError(error as ParserError);
    if (known) {
      // The client hung up mid-upload: nothing to answer, and nothing wrong on our side.
      if (known.code === 'aborted' || req.readableAborted) {
        logger.debug({ method: req.method, path: req.path }, 'client aborted the request');
        if (!res.headersSent && !res.destroyed) res.status(known.status).json({ error: { code: known.code, message: known.message } });
        return;
      }
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...known.details } });
      return;
    }
    const id = randomUUID();
    // The database is unreachable: not the request's fault and not lost work (nothing was acknowledged), so the sender
    // is told to come back later rather than handed a 500.
    if (isConnectionError(error)) {
      logger.warn({ cause: describeConnectionError(error), errorId: id, method: req.method, path: req.path }, 'request refused: the database is unreachable');
      if (res.headersSent) return;
      res.setHeader('Retry-After', String(UNAVAILABLE_RETRY_AFTER_S));
      res.status(503).json({ error: { code: 'unavailable', message: 'The service cannot store this now (database unreachable); retry later', id } });
      return;
    }
    logger.error({ err: loggableError(error), errorId: id, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(500).json({ error: { code: 'internal', message: 'Internal error', id } });
  };
}
