import { z } from 'zod';

/** The fields we ask for with `fields=` (which doc fields appear by default has changed over time). */
export const SEARCH_FIELDS = 'key,title,subtitle,author_name,first_publish_year,cover_i,isbn,language,publisher';

export const openLibraryDocSchema = z.object({
  key: z.string(),
  title: z.string(),
  subtitle: z.string().nullish(),
  author_name: z.array(z.string()).nullish(),
  first_publish_year: z.number().nullish(),
  cover_i: z.number().nullish(),
  isbn: z.array(z.string()).nullish(),
  language: z.array(z.string()).nullish(),
  publisher: z.array(z.string()).nullish(),
});
export type OpenLibraryDoc = z.infer<typeof openLibraryDocSchema>;

export const openLibrarySearchSchema = z.object({
  numFound: z.number(),
  docs: z.array(openLibraryDocSchema),
});

/** `description` is either a plain string or `{type: "/type/text", value}`. */
const textValue = z.union([z.string(), z.object({ value: z.string() }).transform((v) => v.value)]);

export const openLibraryWorkSchema = z.object({
  key: z.string(),
  title: z.string(),
  description: textValue.nullish(),
  covers: z.array(z.number()).nullish(),
  subjects: z.array(z.string()).nullish(),
});
export type OpenLibraryWork = z.infer<typeof openLibraryWorkSchema>;
