import { z } from 'zod';

/** Only the fields the mapper reads (audnexus `src/config/types.ts`); optional ones are often missing upstream. */
const person = z.object({ asin: z.string().nullish(), name: z.string() });
const series = z.object({ asin: z.string().nullish(), name: z.string(), position: z.string().nullish() });

export const audnexusBookSchema = z.object({
  asin: z.string(),
  title: z.string(),
  subtitle: z.string().nullish(),
  authors: z.array(person),
  narrators: z.array(person).nullish(),
  seriesPrimary: series.nullish(),
  seriesSecondary: series.nullish(),
  publisherName: z.string().nullish(),
  releaseDate: z.string().nullish(),
  runtimeLengthMin: z.number().nullish(),
  language: z.string().nullish(),
  isbn: z.string().nullish(),
  genres: z.array(z.object({ name: z.string(), type: z.string().nullish() })).nullish(),
  image: z.string().nullish(),
  description: z.string().nullish(),
  summary: z.string().nullish(),
});
export type AudnexusBook = z.infer<typeof audnexusBookSchema>;

export const audnexusSearchSchema = z.array(audnexusBookSchema);

/** The 429 body's `details.retryAfterSeconds` (README example), in the current `{error:{…}}` shape. */
export const audnexusErrorSchema = z.object({
  error: z.object({ details: z.object({ retryAfterSeconds: z.number() }).partial().nullish() }).partial(),
});
