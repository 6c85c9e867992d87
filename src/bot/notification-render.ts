import { createHash } from 'node:crypto';
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { NotificationPayload } from '../core/notifications/outbox.port.js';
import { EMBED_LIMITS, fitEmbed, truncate } from './embed-limits.js';

/** The body of POST /channels/:id/messages. */
export interface ChannelMessageBody {
  content?: string;
  embeds: APIEmbed[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  /** With enforce_nonce, Discord returns the existing message for a repeated nonce instead of posting twice. */
  nonce: string;
  enforce_nonce: true;
  allowed_mentions: { parse: [] };
}

export interface RenderItem {
  kind: string;
  payload: NotificationPayload;
  idempotencyKey: string;
  createdAt: Date;
}

const STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

/** Discord's nonce is at most 25 characters: a hash of the idempotency keys the message carries. */
export function nonceFor(keys: string[]): string {
  return createHash('sha256').update(keys.join('\n')).digest('base64url').slice(0, 25);
}

function buttonRows(buttons: NonNullable<NotificationPayload['buttons']>): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const components: APIButtonComponent[] = buttons.slice(0, 25).map((b) =>
    'url' in b
      ? { type: ComponentType.Button, style: ButtonStyle.Link, label: b.label, url: b.url }
      : { type: ComponentType.Button, style: STYLES[b.style ?? 'secondary'], label: b.label, custom_id: b.customId },
  );
  const rows: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (let i = 0; i < components.length; i += 5) rows.push({ type: ComponentType.ActionRow, components: components.slice(i, i + 5) });
  return rows;
}

/** One notification → one message: its embed and its buttons. */
export function renderSingle(item: RenderItem): ChannelMessageBody {
  const p = item.payload;
  return {
    ...(p.content ? { content: truncate(p.content, EMBED_LIMITS.content) } : {}),
    embeds: [
      fitEmbed({
        title: p.title,
        ...(p.description ? { description: p.description } : {}),
        ...(p.url ? { url: p.url } : {}),
        ...(p.color !== undefined ? { color: p.color } : {}),
        ...(p.fields ? { fields: p.fields } : {}),
        ...(p.thumbnailUrl ? { thumbnail: { url: p.thumbnailUrl } } : {}),
        ...(p.footer ? { footer: { text: p.footer } } : {}),
        timestamp: item.createdAt.toISOString(),
      }),
    ],
    ...(p.buttons?.length ? { components: buttonRows(p.buttons) } : {}),
    nonce: nonceFor([item.idempotencyKey]),
    enforce_nonce: true,
    allowed_mentions: { parse: [] },
  };
}

/**
 * Several notifications of one batch (e.g. one discovery run) → one digest: a line each, as many as fit, then how many
 * more. Per-item buttons are left out (they would not fit or be told apart); the items stay reachable by command.
 */
export function renderDigest(items: RenderItem[]): ChannelMessageBody {
  const first = items[0];
  if (!first) throw new Error('renderDigest needs at least one item');
  const count = items.length;
  const title = (first.payload.digestTitle ?? `{count} × ${first.kind}`).replaceAll('{count}', String(count));
  const lines: string[] = [];
  let used = 0;
  for (const [i, item] of items.entries()) {
    const line = `• ${truncate(item.payload.digestLine ?? item.payload.title, 200)}`;
    const more = `\n…and ${count - i} more`;
    if (used + line.length + 1 + more.length > EMBED_LIMITS.description) {
      lines.push(more.trim());
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return {
    embeds: [
      fitEmbed({
        title,
        description: lines.join('\n'),
        ...(first.payload.color !== undefined ? { color: first.payload.color } : {}),
        timestamp: items[items.length - 1]!.createdAt.toISOString(),
      }),
    ],
    nonce: nonceFor(items.map((i) => i.idempotencyKey)),
    enforce_nonce: true,
    allowed_mentions: { parse: [] },
  };
}
