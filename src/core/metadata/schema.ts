import { z } from 'zod';
import type { CandidateSource, LibraryItem, MetadataCandidate } from './types.js';

/**
 * zod schemas for what arrives from outside (the `propose-metadata` CLI, the corpus): an item and its candidates.
 * Lenient where producers differ harmlessly (a string instead of a list, a numeric year or sequence, missing
 * optional fields), strict about a title and a candidate's ref and source.
 */

const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v == null ? null : String(v).trim() === '' ? null : String(v)));

const stringList = z
  .union([z.string(), z.array(z.string().nullish())])
  .nullish()
  .transform((v) => (v == null ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x.trim() !== '')));

const seriesList = z
  .array(z.object({ name: z.string(), sequence: text }))
  .nullish()
  .transform((s) => (s ?? []).filter((e) => e.name.trim() !== '').map((e) => ({ name: e.name, sequence: e.sequence })));

const minutes = z
  .number()
  .nullish()
  .transform((m) => (m == null || !Number.isFinite(m) || m <= 0 ? null : m));

const year = z
  .union([z.number(), z.string()])
  .nullish()
  .transform((y) => {
    const m = /\b(\d{4})\b/.exec(y == null ? '' : String(y));
    return m ? Number(m[1]) : null;
  });

export const libraryItemSchema = z
  .object({
    title: z.string().nullish(),
    subtitle: text,
    authors: stringList,
    narrators: stringList,
    series: seriesList,
    asin: text,
    isbn: text,
    publishedYear: text,
    durationMinutes: minutes,
    language: text,
    publisher: text,
    description: text,
    coverUrl: text,
  })
  .transform((i): LibraryItem => ({ ...i, title: i.title ?? '' }));

const SOURCES = ['audnexus', 'hardcover', 'googleBooks', 'openLibrary'] as const satisfies readonly CandidateSource[];

export const candidateSchema = z
  .object({
    ref: z.string().min(1),
    source: z.enum(SOURCES),
    title: z.string().nullish(),
    subtitle: text,
    authors: stringList,
    narrators: stringList,
    series: seriesList,
    asin: text,
    isbn: text,
    publishedYear: year,
    durationMinutes: minutes,
    language: text,
    format: text,
    publisher: text,
    description: text,
    coverUrl: text,
  })
  .transform((c): MetadataCandidate => ({ ...c, title: c.title ?? '' }));

/** One line of `propose-metadata` input: `{id, item, candidates}`; other fields (truth, tags) are ignored. */
export const proposeLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  item: libraryItemSchema,
  candidates: z.array(candidateSchema).default([]),
});

export type ProposeLine = z.output<typeof proposeLineSchema>;
