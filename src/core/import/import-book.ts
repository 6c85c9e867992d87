/**
 * The book an import files into the library: what the wanted book says it is (title, people, series, identifiers).
 * It decides the folder (library-path.ts) and the metadata.json written beside the audio (metadata-json.ts).
 */
import { z } from 'zod';

const text = z.string().trim().min(1);
const optionalText = z
  .string()
  .nullish()
  .transform((v) => (v == null || v.trim() === '' ? null : v.trim()));

export const importBookSchema = z.object({
  title: text,
  subtitle: optionalText,
  /** In the order they should be shown; names as written ("Ursula K. Le Guin"), never "Last, First". */
  authors: z.array(text).default([]),
  narrators: z.array(text).default([]),
  /** The first series is the one the folder is filed under. */
  series: z.array(z.object({ name: text, sequence: optionalText })).default([]),
  asin: optionalText,
  isbn: optionalText,
  description: optionalText,
  publishedYear: z
    .union([z.number().int(), z.string()])
    .nullish()
    .transform((v) => (v == null || String(v).trim() === '' ? null : String(v).trim())),
  language: optionalText,
});

export type ImportBookInput = z.input<typeof importBookSchema>;
export type ImportBook = z.output<typeof importBookSchema>;

/** Validates a book handed to the import (throws a ZodError naming the field). */
export const parseImportBook = (input: ImportBookInput): ImportBook => importBookSchema.parse(input);
