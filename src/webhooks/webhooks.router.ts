import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import { audiobookshelfWebhook } from './audiobookshelf.webhook.js';
import { HttpError } from './http-errors.js';
import { qbittorrentWebhook } from './qbittorrent.webhook.js';
import { requireWebhookSecret } from './webhook-auth.js';

export interface WebhookDeps {
  /** Undefined: webhooks are disabled and answer 503 saying why. */
  secret?: string;
  inbox: InboxReceiver;
  /** Called after a new event is stored, to wake the inbox worker (the periodic run catches anything missed). */
  onStored: () => void;
  /** Requests per minute and source address; bursts past it get 429. */
  ratePerMinute?: number;
  bodyLimit?: string;
}

/** Every webhook: rate limit per source → secret → content type → parse → inbox → answer. */
export function webhooksRouter(deps: WebhookDeps): Router {
  const router = Router();
  router.use(
    '/webhooks',
    rateLimit({
      windowMs: 60_000,
      limit: deps.ratePerMinute ?? 600,
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      handler: (_req, _res, next) => next(new HttpError(429, 'rate_limited', 'Too many webhook requests from this address; slow down')),
    }),
  );
  if (!deps.secret) {
    router.use('/webhooks', (_req, _res, next) => next(new HttpError(503, 'webhooks_disabled', 'Webhooks are disabled: WEBHOOK_SECRET is not set')));
    return router;
  }
  router.use('/webhooks', requireWebhookSecret(deps.secret));
  const bodyLimit = deps.bodyLimit ?? '16kb';
  router.use(qbittorrentWebhook({ inbox: deps.inbox, onStored: deps.onStored, bodyLimit }));
  router.use(audiobookshelfWebhook({ inbox: deps.inbox, onStored: deps.onStored, bodyLimit }));
  return router;
}
