import { z } from 'zod';
import type { IndexerResult, Protocol, WantedBook } from './types.js';

/**
 * One search as JSON: `{id, wanted, results}` shaped like ../shared/corpus/releases.dev.jsonl (labels and
 * other fields ignored). A result here is the indexer-neutral row of the corpus (IndexerResult with `size`),
 * lenient where it costs nothing (numbers as strings, missing flags), strict where a judgement would be
 * meaningless (no title, no size). Raw indexer responses are not read here: each indexer has its one adapter
 * beside its client (src/integrations/prowlarr, src/integrations/mam), which a caller passes to `toSearch`.
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
  categories: z.array(numberish).nullish(),
  indexer: z.string().nullish(),
  indexerId: z.number().nullish(),
  protocol: z.string().nullish(),
  freeleech: z.boolean().nullish(),
  vip: z.boolean().nullish(),
  personalFreeleech: z.boolean().nullish(),
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

function fromRow(r: z.infer<typeof resultSchema>): IndexerResult {
  return {
    guid: r.guid,
    title: r.title,
    sizeBytes: r.size,
    seeders: r.seeders ?? null,
    leechers: r.leechers ?? null,
    categories: r.categories ?? [],
    indexer: r.indexer ?? '',
    ...(r.indexerId != null ? { indexerId: r.indexerId } : {}),
    protocol: protocolOf(r.protocol),
    freeleech: r.freeleech ?? false,
    vip: r.vip ?? false,
    personalFreeleech: r.personalFreeleech ?? false,
    language: r.language ?? null,
    publishDate: r.publishDate ?? null,
    infoUrl: r.infoUrl ?? null,
    ...(r.downloadUrl ? { downloadUrl: r.downloadUrl } : {}),
  };
}

/** One result read, or why it could not be (the first problem, no values echoed). */
export type ResultReading = { ok: true; result: IndexerResult } | { ok: false; problem: string };

/** Reads a corpus-shaped (indexer-neutral) result row. */
export function readResultRow(raw: unknown): ResultReading {
  const r = resultSchema.safeParse(raw);
  if (r.success) return { ok: true, result: fromRow(r.data) };
  const issue = r.error.issues[0];
  return { ok: false, problem: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` };
}

export interface ParsedSearch {
  id: string | number;
  wanted: WantedBook;
  results: IndexerResult[];
  /** Results that failed validation, by position, with the first problem (no values echoed). */
  invalid: { index: number; problem: string }[];
}

/**
 * Validates the results one by one so that one malformed result does not sink the whole search. `read` turns
 * one raw result into an IndexerResult (default: the corpus row; the CLI also accepts raw indexer rows).
 */
export function toSearch(line: ReleaseSearchLine, read: (raw: unknown) => ResultReading = readResultRow): ParsedSearch {
  const results: IndexerResult[] = [];
  const invalid: ParsedSearch['invalid'] = [];
  line.results.forEach((raw, index) => {
    const r = read(raw);
    if (r.ok) results.push(r.result);
    else invalid.push({ index, problem: r.problem });
  });
  return { id: line.id, wanted: toWantedBook(line.wanted), results, invalid };
}
