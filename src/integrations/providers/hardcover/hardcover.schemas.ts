import { z } from 'zod';

const idString = z.union([z.string(), z.number()]).transform(String);

export const hardcoverBookSchema = z.object({
  id: z.number(),
  title: z.string(),
  subtitle: z.string().nullish(),
  description: z.string().nullish(),
  release_year: z.number().nullish(),
  contributions: z
    .array(z.object({ contribution: z.string().nullish(), author: z.object({ name: z.string() }).nullish() }))
    .nullish(),
  book_series: z
    .array(
      z.object({
        position: z.number().nullish(),
        details: z.string().nullish(),
        featured: z.boolean().nullish(),
        series: z.object({ id: z.number(), name: z.string() }).nullish(),
      }),
    )
    .nullish(),
  default_audio_edition: z
    .object({ asin: z.string().nullish(), isbn_13: z.string().nullish(), audio_seconds: z.number().nullish() })
    .nullish(),
  default_physical_edition: z.object({ isbn_13: z.string().nullish(), isbn_10: z.string().nullish() }).nullish(),
});
export type HardcoverBook = z.infer<typeof hardcoverBookSchema>;

/** A Typesense hit document (ids are strings there). */
export const hardcoverSearchDocumentSchema = z.object({
  id: idString,
  title: z.string(),
  subtitle: z.string().nullish(),
  author_names: z.array(z.string()).nullish(),
  isbns: z.array(z.string()).nullish(),
  series_names: z.array(z.string()).nullish(),
  featured_series_position: z.number().nullish(),
  release_year: z.number().nullish(),
  audio_seconds: z.number().nullish(),
  genres: z.array(z.string()).nullish(),
  description: z.string().nullish(),
  contributions: z
    .array(z.object({ contribution: z.string().nullish(), author: z.object({ name: z.string() }).nullish() }))
    .nullish(),
});
export type HardcoverSearchDocument = z.infer<typeof hardcoverSearchDocumentSchema>;

/** `results` is a JSON scalar holding the raw Typesense response. */
export const searchDataSchema = z.object({
  search: z.object({
    results: z.object({ found: z.number().optional(), hits: z.array(z.object({ document: hardcoverSearchDocumentSchema })) }),
  }),
});

export const bookDataSchema = z.object({ books_by_pk: hardcoverBookSchema.nullable() });

export const editionDataSchema = z.object({
  editions: z.array(z.object({ id: z.number(), asin: z.string().nullish(), isbn_13: z.string().nullish(), book: hardcoverBookSchema })),
});

export const seriesDataSchema = z.object({
  series: z.array(
    z.object({
      id: z.number(),
      name: z.string(),
      book_series: z.array(
        z.object({
          position: z.number().nullish(),
          details: z.string().nullish(),
          book: z.object({ id: z.number(), title: z.string(), release_year: z.number().nullish() }),
        }),
      ),
    }),
  ),
});

/** Hasura-style GraphQL errors inside a 200, and the REST-style bodies of 4xx (hardcover-docs `Getting-Started.mdx`). */
export const graphqlErrorsSchema = z.object({
  errors: z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).partial().nullish() })),
});
export const hardcoverRestErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
