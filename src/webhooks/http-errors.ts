import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';

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

/** Body-parser's own errors carry a `type`; map them to the statuses a client can act on. */
function fromParserError(error: { type?: string; status?: number; message?: string }): HttpError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new HttpError(413, 'payload_too_large', 'Request body is too large');
    case 'entity.parse.failed':
      return new HttpError(400, 'invalid_body', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpError(415, 'unsupported_encoding', error.message ?? 'Unsupported body encoding');
    default:
      return undefined;
  }
}

/** Every error becomes JSON `{error: {code, message, id}}`; unexpected ones are logged once with the same id. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    const known = error instanceof HttpError ? error : fromParserError(error as { type?: string });
    if (known) {
      res.status(known.status).json({ error: { code: known.code, message: known.message, ...known.details } });
      return;
    }
    const id = randomUUID();
    logger.error({ err: error, errorId: id, method: req.method, path: req.path }, 'request failed');
    if (res.headersSent) return;
    res.status(500).json({ error: { code: 'internal', message: 'Internal error', id } });
  };
}
