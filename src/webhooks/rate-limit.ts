import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { HttpError } from './http-errors.js';

/** A per-address limiter (the address as express sees it: see TRUST_PROXY) answering 429 past `limit` a minute. */
export function perMinute(limit: number, message: string): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Forwarded headers are trusted only when TRUST_PROXY says so; both choices are the operator's, not a mistake to warn about.
    validate: { xForwardedForHeader: false, trustProxy: false },
    handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', message)),
  });
}
