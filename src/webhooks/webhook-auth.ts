import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpError } from './http-errors.js';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The shared secret, from the `X-Webhook-Secret` header or the `secret` query parameter (for senders that cannot set
 * headers, such as Audiobookshelf's Apprise notifications). Compared in constant time over equal-length digests.
 */
export function webhookSecretCheck(secret: string): (req: Request) => boolean {
  const expected = digest(secret);
  return (req) => {
    const header = req.get('x-webhook-secret');
    const query = typeof req.query.secret === 'string' ? req.query.secret : undefined;
    const given = header ?? query;
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
}

export const unauthorized = () => new HttpError(401, 'unauthorized', 'Missing or wrong webhook secret (X-Webhook-Secret header or secret query parameter)');

/** 415 unless the body is one of the given types (checked before parsing, so nothing else is read). */
export function requireContentType(types: string[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.is(types)) {
      next(new HttpError(415, 'unsupported_media_type', `Content-Type must be ${types.join(' or ')}`));
      return;
    }
    next();
  };
}
