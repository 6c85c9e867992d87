import { z } from 'zod';
import type { BookRecord } from './types.js';

/**
 * zod schemas for book records arriving from outside (the evaluation CLI, corpora). Lenient where real
 * producers differ harmlessly — an author string instead of a list, a numeric sequence, missing optional
 * fields — and strict about what the matcher cannot do without: a title.
 */

const seriesEntrySchema = z.object({
  name: z.string(),
  sequence: z
    .union([z.string(), z.number()])
    .nullish()
    .transform((s) => (s === null || s === undefined ? null : String(s))),
});

const stringList = z
  .union([z.string(), z.array(z.string().nullish())])
  .nullish()
  .transform((v) => (v == null ? [] : (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string')));

export const bookRecordSchema = z
  .object({
    title: z.string(),
    subtitle: z.string().nullish(),
    authors: stringList,
    narrators: stringList,
    series: z
      .array(seriesEntrySchema)
      .nullish()
      .transform((s) => s ?? []),
    asin: z.string().nullish(),
    isbn: z.union([z.string(), z.number()]).nullish().transform((v) => (v == null ? null : String(v))),
  })
  .transform(
    (r): BookRecord => ({
      title: r.title,
      subtitle: r.subtitle ?? null,
      authors: r.authors,
      narrators: r.narrators,
      series: r.series,
      asin: r.asin ?? null,
      isbn: r.isbn,
    }),
  );

/** One line of `match-pairs` input: `{id, library, candidate}`; other fields (labels, tags) are ignored. */
export const matchPairLineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  library: bookRecordSchema,
  candidate: bookRecordSchema,
});
