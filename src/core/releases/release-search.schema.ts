import { z } from 'zod';
import type { IndexerResult, Protocol, WantedBook } from './types.js';

/**
 * One search as JSON: `{id, wanted, results}` shaped like ../shared/corpus/releases.dev.jsonl (labels and
 * other fields ignored). Lenient where indexers differ (Prowlarr categories as `{id}` objects, numbers as
 * strings, missing flags), strict where a judgement would be meaningless (no title, no size).
 */
const numberish = z.union([z.number(), z.string().regex(/^\d+(\.\d+)?$/).transform(Number)]);

const seriesSchema = z.object({
  name: z.string(),
  sequence: z.union([z.string(), z.number().transform(String)]).nullish(),
});

export const wantedSchema = z.object({
  title: z.string().min(1),
  subtitle: z.string().nullish(),
  authors: z.union([z.array(z.string()), z.string().transform((a) => [a])]).default([]),
  series: z.array(seriesSchema).nullish(),
  durationMinutes: numberish.nullish(),
  language: z.string().nullish(),
});

export const resultSchema = z.object({
  guid: z.union([z.string().min(1), z.number().transform(String)]),
  title: z.string().min(1),
  size: numberish,
  seeders: numberish.nullish(),
  leechers: numberish.nullish(),
  categories: z.array(z.union([numberish, z.object({ id: numberish })])).nullish(),
  indexer: z.string().nullish(),
  indexerId: z.number().nullish(),
  protocol: z.string().nullish(),
  freeleech: z.boolean().nullish(),
  vip: z.boolean().nullish(),
  personalFreeleech: z.boolean().nullish(),
  indexerFlags: z.array(z.string()).nullish(),
  language: z.string().nullish(),
  publishDate: z.string().nullish(),
  infoUrl: z.string().nullish(),
  downloadUrl: z.string().nullish(),
});

export const releaseSearchLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  wanted: wantedSchema,
  results: z.array(z.unknown()),
});

export type ReleaseSearchLine = z.infer<typeof releaseSearchLineSchema>;

function protocolOf(p: string | null | undefined): Protocol {
  return p === 'torrent' || p === 'usenet' ? p : 'unknown';
}

export function toWantedBook(w: z.infer<typeof wantedSchema>): WantedBook {
  return {
    title: w.title,
    subtitle: w.subtitle ?? null,
    authors: w.authors,
    series: (w.series ?? []).map((s) => ({ name: s.name, sequence: s.sequence ?? null })),
    durationMinutes: w.durationMinutes ?? null,
    language: w.language ?? null,
  };
}

export function toIndexerResult(r: z.infer<typeof resultSchema>): IndexerResult {
  const flags = (r.indexerFlags ?? []).map((f) => f.toLowerCase());
  return {
    guid: r.guid,
    title: r.title,
    sizeBytes: r.size,
    seeders: r.seeders ?? null,
    leechers: r.leechers ?? null,
    categories: (r.categories ?? []).map((c) => (typeof c === 'number' ? c : c.id)),
    indexer: r.indexer ?? '',
    ...(r.indexerId != null ? { indexerId: r.indexerId } : {}),
    protocol: protocolOf(r.protocol),
    freeleech: r.freeleech ?? flags.includes('freeleech'),
    vip: r.vip ?? false,
    personalFreeleech: r.personalFreeleech ?? false,
    language: r.language ?? null,
    publishDate: r.publishDate ?? null,
    infoUrl: r.infoUrl ?? null,
    ...(r.downloadUrl ? { downloadUrl: r.downloadUrl } : {}),
  };
}

export interface ParsedSearch {
  id: string | number;
  wanted: WantedBook;
  results: IndexerResult[];
  /** Results that failed validation, by position, with the first problem (no values echoed). */
  invalid: { index: number; problem: string }[];
}

/** Validates the results one by one so that one malformed result does not sink the whole search. */
export function toSearch(line: ReleaseSearchLine): ParsedSearch {
  const results: IndexerResult[] = [];
  const invalid: ParsedSearch['invalid'] = [];
  line.results.forEach((raw, index) => {
    const r = resultSchema.safeParse(raw);
    if (r.success) results.push(toIndexerResult(r.data));
    else invalid.push({ index, problem: r.error.issues[0]?.path.join('.') + ': ' + r.error.issues[0]?.message });
  });
  return { id: line.id, wanted: toWantedBook(line.wanted), results, invalid };
}
