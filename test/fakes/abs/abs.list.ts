import type { Request } from 'express';
import type { FakeItem } from './abs.model.js';
import { ignorePrefix } from './abs.serialize.js';
import type { AbsStore } from './abs.store.js';

/** Parses ABS's `limit`/`page` (numbers, 0 when omitted; 400 for negatives and non-integers). */
export function pageParams(req: Request): { limit: number; page: number } | { error: string } {
  const out = { limit: 0, page: 0 };
  for (const key of ['limit', 'page'] as const) {
    const raw = req.query[key];
    if (raw === undefined) continue;
    const n = Number(raw);
    if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0) return { error: `Invalid request. ${key} must be a positive integer` };
    out[key] = n;
  }
  return out;
}

/** `filter=<group>.<base64(value)>`: the groups the fake understands. */
export function applyFilter(store: AbsStore, items: FakeItem[], filter: string | undefined): { items: FakeItem[]; seriesId?: string } {
  if (!filter) return { items };
  const dot = filter.indexOf('.');
  const group = dot < 0 ? filter : filter.slice(0, dot);
  const value = dot < 0 ? '' : Buffer.from(decodeURIComponent(filter.slice(dot + 1)), 'base64').toString('utf8');
  switch (group) {
    case 'authors':
      return { items: items.filter((i) => i.metadata.authorIds.includes(value)) };
    case 'series':
      return { items: items.filter((i) => i.metadata.series.some((s) => s.seriesId === value)), seriesId: value };
    case 'tags':
      return { items: items.filter((i) => i.tags.includes(value)) };
    case 'genres':
      return { items: items.filter((i) => i.metadata.genres.includes(value)) };
    case 'narrators':
      return { items: items.filter((i) => i.metadata.narrators.includes(value)) };
    default:
      return { items };
  }
}

const authorName = (store: AbsStore, i: FakeItem) => i.metadata.authorIds.map((id) => store.authors.get(id)?.name ?? '').join(', ');
const size = (i: FakeItem) => i.audioFiles.reduce((s, f) => s + f.size, 0);
const duration = (i: FakeItem) => i.audioFiles.reduce((s, f) => s + f.duration, 0);

/** The sort keys ABS accepts; unknown keys (there is no `updatedAt` sort) leave the default order. */
export function sortItems(store: AbsStore, items: FakeItem[], sortBy: string | undefined, desc: boolean, seriesId?: string): FakeItem[] {
  const keyOf: Record<string, (i: FakeItem) => string | number> = {
    'media.metadata.title': (i) => (ignorePrefix(i.metadata.title) ?? '').toLowerCase(),
    'media.metadata.authorName': (i) => authorName(store, i).toLowerCase(),
    'media.metadata.authorNameLF': (i) => authorName(store, i).split(' ').reverse().join(' ').toLowerCase(),
    'media.metadata.publishedYear': (i) => Number(i.metadata.publishedYear ?? 0),
    'media.duration': duration,
    addedAt: (i) => i.addedAt,
    size,
    mtimeMs: (i) => i.mtimeMs,
    birthtimeMs: (i) => i.mtimeMs,
    sequence: (i) => Number.parseFloat(i.metadata.series.find((s) => s.seriesId === seriesId)?.sequence ?? '') || Number.MAX_SAFE_INTEGER,
  };
  const key = sortBy ? keyOf[sortBy] : undefined;
  if (!key) return desc ? [...items].reverse() : items;
  const sorted = [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return typeof ka === 'number' && typeof kb === 'number' ? ka - kb : String(ka).localeCompare(String(kb));
  });
  return desc ? sorted.reverse() : sorted;
}
