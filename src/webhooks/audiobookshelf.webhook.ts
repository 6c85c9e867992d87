import { Router, json } from 'express';
import { z } from 'zod';
import { absWebhookToEvent } from '../core/inbox/abs-events.js';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import { requireContentType } from './webhook-auth.js';
import { answerIgnored, answerStored, answerTest, parseBody } from './validation.js';

/** What Audiobookshelf POSTs to an "Apprise API" URL: its only outbound notification format. */
const appriseSchema = z.object({
  urls: z.array(z.string()).max(50),
  title: z.string().max(1024),
  body: z.string().max(8192),
});

/** A documented JSON event, for scripts and future ABS versions. `id`, when given, is the delivery id. */
const absEventSchema = z
  .object({
    event: z.enum(['item_added', 'item_updated', 'item_removed', 'scan_finished', 'test'], {
      message: 'expected item_added, item_updated, item_removed, scan_finished or test',
    }),
    id: z.string().min(1).max(200).optional(),
    libraryId: z.string().min(1).max(200).optional(),
    libraryItemId: z.string().min(1).max(200).optional(),
    occurredAt: z.iso.datetime({ offset: true }).optional(),
  })
  .superRefine((value, ctx) => {
    if (value.event.startsWith('item_') && !value.libraryItemId) ctx.addIssue({ code: 'custom', path: ['libraryItemId'], message: `required for ${value.event}` });
    if (value.event === 'scan_finished' && !value.libraryId) ctx.addIssue({ code: 'custom', path: ['libraryId'], message: 'required for scan_finished' });
  });

/** POST /webhooks/audiobookshelf: documented JSON events stored in the inbox; Apprise bodies acknowledged, not stored. */
export function audiobookshelfWebhook(deps: { inbox: InboxReceiver; onStored: () => void; bodyLimit: string }): Router {
  const router = Router();
  router.post('/webhooks/audiobookshelf', requireContentType(['application/json']), json({ limit: deps.bodyLimit }), async (req, res, next) => {
    try {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      if (typeof raw === 'object' && raw !== null && 'urls' in raw && !('event' in raw)) {
        const apprise = parseBody(appriseSchema, raw);
        // ABS's "Test" button sends this title; there is no event name in Apprise bodies.
        if (/^Test Notification on Abs\b/i.test(apprise.title)) {
          answerTest(res);
          return;
        }
        // No Apprise notification is a library event (ABS `server/utils/notifications.js`) and nothing would ever
        // process one; its `urls` carry the notification targets' tokens. So it is answered (ABS only wants a quick
        // 200) and not kept.
        answerIgnored(res, 'apprise notifications are not library events');
        return;
      }
      const event = parseBody(absEventSchema, raw);
      if (event.event === 'test') {
        answerTest(res);
        return;
      }
      const stored = await deps.inbox.receive(absWebhookToEvent({ ...event, event: event.event }));
      answerStored(res, stored, deps.onStored);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
