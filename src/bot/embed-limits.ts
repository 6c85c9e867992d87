import type { APIEmbed, APIEmbedField } from 'discord.js';

/** Discord's embed limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const EMBED_LIMITS = {
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  total: 6000,
  content: 2000,
} as const;

/** Cuts text to `max` characters with an ellipsis, never splitting a surrogate pair; empty input becomes `fallback`. */
export function truncate(text: string, max: number, fallback = '—'): string {
  const chars = [...(text.trim() || fallback)];
  if (chars.length <= max) return chars.join('');
  return `${chars.slice(0, max - 1).join('')}…`;
}

const length = (s: string | undefined) => (s ? [...s].length : 0);

function embedLength(e: APIEmbed): number {
  return (
    length(e.title) +
    length(e.description) +
    length(e.footer?.text) +
    length(e.author?.name) +
    (e.fields ?? []).reduce((n, f) => n + length(f.name) + length(f.value), 0)
  );
}

/**
 * Makes an embed fit every limit: each part truncated, at most 25 fields, and the 6000-character total kept by
 * dropping trailing fields (noting how many were left out) and then shortening the description.
 */
export function fitEmbed(embed: APIEmbed): APIEmbed {
  const out: APIEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, EMBED_LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, EMBED_LIMITS.description);
  if (out.footer) out.footer = { ...out.footer, text: truncate(out.footer.text, EMBED_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, EMBED_LIMITS.author) };
  let fields: APIEmbedField[] = (out.fields ?? []).map((f) => ({
    ...f,
    name: truncate(f.name, EMBED_LIMITS.fieldName),
    value: truncate(f.value, EMBED_LIMITS.fieldValue),
  }));
  const total = fields.length;
  const withNote = (kept: APIEmbedField[]): APIEmbedField[] =>
    kept.length < total ? [...kept, { name: '…', value: `${total - kept.length} more not shown` }] : kept;
  if (fields.length > EMBED_LIMITS.fields) fields = fields.slice(0, EMBED_LIMITS.fields - 1);
  out.fields = withNote(fields);
  while (embedLength(out) > EMBED_LIMITS.total && fields.length > 0) {
    fields = fields.slice(0, -1);
    out.fields = withNote(fields);
  }
  const excess = embedLength(out) - EMBED_LIMITS.total;
  if (excess > 0 && out.description) out.description = truncate(out.description, Math.max(1, length(out.description) - excess));
  if (out.fields.length === 0) delete out.fields;
  return out;
}
