import { Router } from 'express';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import { audiobookshelfWebhook } from './audiobookshelf.webhook.js';
import { HttpError } from './http-errors.js';
import { qbittorrentWebhook } from './qbittorrent.webhook.js';
import { perMinute } from './rate-limit.js';
import { unauthorized, webhookSecretCheck } from './webhook-auth.js';

export interface WebhookDeps {
  /** Undefined: webhooks are disabled and answer 503 saying why. */
  secret?: string;
  inbox: InboxReceiver;
  /** Called after a new event is stored, to wake the inbox worker (the periodic run catches anything missed). */
  onStored: () => void;
  /** Authenticated deliveries per minute and source address; bursts past it get 429. */
  ratePerMinute?: number;
  /** Requests with a missing or wrong secret per minute and source address, counted apart; past it they get 429. */
  failedAuthPerMinute?: number;
  bodyLimit?: string;
}

/**
 * Every webhook: secret → rate limit → content type → parse → inbox → answer. Failed authentication and accepted
 * deliveries are counted apart, per address: wrong secrets spend a small budget of their own (401, then 429), never the
 * budget of the real sender, whose deliveries are limited only by their own rate.
 */
export function webhooksRouter(deps: WebhookDeps): Router {
  const router = Router();
  const failedAuth = perMinute(deps.failedAuthPerMinute ?? 30, 'Too many unauthenticated webhook requests from this address; slow down');
  if (!deps.secret) {
    router.use('/webhooks', failedAuth, (_req, _res, next) => next(new HttpError(503, 'webhooks_disabled', 'Webhooks are disabled: WEBHOOK_SECRET is not set')));
    return router;
  }
  const delivery = perMinute(deps.ratePerMinute ?? 600, 'Too many webhook requests from this address; slow down');
  const authenticated = webhookSecretCheck(deps.secret);
  router.use('/webhooks', (req, res, next) => {
    if (authenticated(req)) {
      void delivery(req, res, next);
      return;
    }
    void failedAuth(req, res, (error?: unknown) => next(error ?? unauthorized()));
  });
  const bodyLimit = deps.bodyLimit ?? '16kb';
  router.use(qbittorrentWebhook({ inbox: deps.inbox, onStored: deps.onStored, bodyLimit }));
  router.use(audiobookshelfWebhook({ inbox: deps.inbox, onStored: deps.onStored, bodyLimit }));
  return router;
}
