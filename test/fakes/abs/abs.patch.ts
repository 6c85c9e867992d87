import type { FakeItem } from './abs.model.js';
import type { AbsStore } from './abs.store.js';

const STRING_KEYS = ['title', 'subtitle', 'publishedYear', 'publishedDate', 'publisher', 'description', 'isbn', 'asin', 'language'] as const;

const allStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Applies a `PATCH /api/items/:id/media` body the way ABS 2.36 does (Book.updateFromRequest & friends, contracts §2.4),
 * including its traps: authors given as strings are dropped (so the book loses every author), one series element
 * without a string name voids the whole series update, a numeric sequence becomes null.
 * Returns whether anything changed (ABS then bumps updatedAt and emits item_updated; a no-op emits nothing).
 */
export function applyMediaPatch(store: AbsStore, item: FakeItem, body: unknown): boolean {
  const before = JSON.stringify({ m: item.metadata, t: item.tags });
  const payload = isObj(body) ? body : {};
  const meta = isObj(payload.metadata) ? payload.metadata : {};
  const m = item.metadata;

  for (const key of STRING_KEYS) {
    if (!(key in meta)) continue;
    const v = meta[key];
    if (v === null || typeof v === 'string' || typeof v === 'number') {
      const s = v === null ? null : String(v);
      m[key] = s === '' ? null : s;
    }
  }
  for (const key of ['explicit', 'abridged'] as const) if (typeof meta[key] === 'boolean') m[key] = meta[key];
  if (allStrings(meta.narrators)) m.narrators = [...meta.narrators];
  if (allStrings(meta.genres)) m.genres = [...meta.genres];
  if (allStrings(payload.tags)) item.tags = [...payload.tags];

  if (Array.isArray(meta.authors)) {
    // Only `{name}` objects are understood; anything else silently disappears — with strings, every author does.
    const named = meta.authors.filter((a): a is { name: string } => isObj(a) && typeof a.name === 'string' && a.name.trim() !== '');
    const ids: string[] = [];
    for (const a of named) {
      const id = store.findOrCreateAuthor(item.libraryId, a.name).id;
      if (!ids.includes(id)) ids.push(id);
    }
    m.authorIds = ids;
  }

  if (Array.isArray(meta.series) && meta.series.every((s) => isObj(s) && typeof s.name === 'string')) {
    const entries = meta.series as Array<{ name: string; sequence?: unknown }>;
    m.series = entries.map((s) => ({
      seriesId: store.findOrCreateSeries(item.libraryId, s.name).series.id,
      sequence: typeof s.sequence === 'string' && s.sequence !== '' ? s.sequence : null,
    }));
  }

  const changed = JSON.stringify({ m: item.metadata, t: item.tags }) !== before;
  if (changed) {
    item.updatedAt = store.now();
    store.pruneOrphans(item.libraryId);
  }
  return changed;
}
