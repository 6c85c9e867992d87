import { z } from 'zod';
import { bookRecordSchema } from '../matching/schema.js';
import type { GapQuestion, ProviderRecord } from './types.js';

/**
 * zod schemas for gap questions arriving from outside (the `find-gaps` evaluation CLI, corpora): one JSON object per
 * scope, shaped like ../shared/corpus/gaps.dev.jsonl. Labels (`truth`, `tags`) and unknown fields are ignored.
 */

const nullableString = z.union([z.string(), z.number()]).nullish().transform((v) => (v == null ? null : String(v)));

const providerRecordSchema = z
  .object({
    ref: z.string().min(1),
    source: z.string().default('unknown'),
    language: nullableString,
    releaseDate: nullableString,
    format: nullableString,
    compilation: z.boolean().nullish(),
  })
  .passthrough()
  .transform((r, ctx): ProviderRecord => {
    const book = bookRecordSchema.safeParse(r);
    if (!book.success) {
      for (const issue of book.error.issues) ctx.addIssue({ ...issue, code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return {
      ...book.data,
      ref: r.ref,
      source: r.source,
      language: r.language,
      releaseDate: r.releaseDate,
      format: r.format,
      compilation: r.compilation ?? null,
    };
  });

const scopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('series'), name: z.string().min(1), authors: z.array(z.string()).default([]) }),
  z.object({ kind: z.literal('author'), name: z.string().min(1) }),
]);

export const gapLineSchema = z
  .object({
    id: z.union([z.string(), z.number()]),
    scope: scopeSchema,
    today: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a YYYY-MM-DD date'),
    options: z
      .object({
        includeNovellas: z.boolean().default(true),
        includeAnthologies: z.boolean().default(false),
        language: z.string().min(2).default('en'),
        releasedAfter: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'a YYYY-MM-DD date').nullish(),
      })
      .default({ includeNovellas: true, includeAnthologies: false, language: 'en' }),
    owned: z.array(bookRecordSchema).default([]),
    candidates: z.array(providerRecordSchema),
  })
  .superRefine((line, ctx) => {
    const seen = new Set<string>();
    line.candidates.forEach((c, i) => {
      if (seen.has(c.ref)) ctx.addIssue({ code: 'custom', path: ['candidates', i, 'ref'], message: `duplicate ref ${c.ref}` });
      seen.add(c.ref);
    });
  });

export type GapLine = z.output<typeof gapLineSchema>;

export function toQuestion(line: GapLine): GapQuestion {
  return {
    scope: line.scope,
    today: line.today.slice(0, 10),
    options: { ...line.options, language: line.options.language.toLowerCase(), releasedAfter: line.options.releasedAfter?.slice(0, 10) ?? null },
    owned: line.owned,
    records: line.candidates,
  };
}
