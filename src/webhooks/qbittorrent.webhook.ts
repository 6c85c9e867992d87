import { Router, urlencoded, json } from 'express';
import { z } from 'zod';
import type { InboxReceiver } from '../core/inbox/inbox-event.js';
import type { QbittorrentCompletion } from '../core/inbox/qbittorrent-completion.js';
import { qbittorrentCompletionEvent } from '../core/inbox/qbittorrent-events.js';
import { requireContentType } from './webhook-auth.js';
import { answerStored, answerTest, parseBody } from './validation.js';

/** qBittorrent fills empty placeholders with "": treat those as absent. */
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().max(4096).optional());
const optionalCount = (field: string) =>
  z.preprocess(
    (v) => (v === '' || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v),
    z.number({ message: `${field} must be a whole number` }).int({ message: `${field} must be a whole number` }).min(0).optional(),
  );

/**
 * What qBittorrent's completion hook sends (see README): `hash` (%I) and `name` (%N) required, the rest as filled by
 * its placeholders. Form-encoded (curl --data-urlencode) or JSON.
 */
export const qbittorrentHookSchema = z.object({
  hash: z
    .string({ message: 'required' })
    .trim()
    .toLowerCase()
    .regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/, 'expected a 40- or 64-character hex info hash'),
  name: z.string({ message: 'required' }).min(1, 'required').max(1024),
  category: optionalText,
  tags: optionalText,
  content_path: optionalText,
  root_path: optionalText,
  save_path: optionalText,
  file_count: optionalCount('file_count'),
  size: optionalCount('size'),
  tracker: optionalText,
  event: z.preprocess((v) => (v === '' || v === undefined ? 'finished' : v), z.enum(['finished', 'test'], { message: 'expected finished or test' })),
});

export function toCompletion(body: z.output<typeof qbittorrentHookSchema>): QbittorrentCompletion {
  return {
    hash: body.hash,
    name: body.name,
    category: body.category,
    tags: body.tags ? body.tags.split(',').map((t) => t.trim()).filter(Boolean) : [],
    contentPath: body.content_path,
    rootPath: body.root_path,
    savePath: body.save_path,
    fileCount: body.file_count,
    sizeBytes: body.size,
    tracker: body.tracker,
  };
}

/** POST /webhooks/qbittorrent: authenticate (done by the router) → parse → store in the inbox → 202. */
export function qbittorrentWebhook(deps: { inbox: InboxReceiver; onStored: () => void; bodyLimit: string }): Router {
  const router = Router();
  router.post(
    '/webhooks/qbittorrent',
    requireContentType(['application/x-www-form-urlencoded', 'application/json']),
    urlencoded({ extended: false, limit: deps.bodyLimit, parameterLimit: 50 }),
    json({ limit: deps.bodyLimit }),
    async (req, res, next) => {
      try {
        const body = parseBody(qbittorrentHookSchema, req.body);
        if (body.event === 'test') {
          answerTest(res);
          return;
        }
        const completion = toCompletion(body);
        const stored = await deps.inbox.receive(qbittorrentCompletionEvent(completion, 'hook'));
        answerStored(res, stored, deps.onStored);
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
