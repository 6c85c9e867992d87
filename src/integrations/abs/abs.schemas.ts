import { z } from 'zod';

/**
 * Only the fields mapped (ABS `server/models/Book.js`, `LibraryItem.js`); ABS sends far more. Timestamps are epoch
 * milliseconds.
 */
const nstr = z.string().nullable();

const envelope = {
  id: z.string().min(1),
  libraryId: z.string(),
  path: z.string(),
  relPath: z.string(),
  addedAt: z.number(),
  updatedAt: z.number(),
  isMissing: z.boolean().default(false),
};

const sharedMetadata = {
  title: nstr,
  subtitle: nstr.optional(),
  genres: z.array(z.string()).default([]),
  publishedYear: nstr.optional(),
  isbn: nstr.optional(),
  asin: nstr.optional(),
};

/** §2.3(c) list element: names as joined strings, no author/series arrays. */
export const minifiedItemSchema = z.object({
  ...envelope,
  media: z.object({
    metadata: z.object({
      ...sharedMetadata,
      authorName: z.string().nullable().default(''),
      narratorName: z.string().nullable().default(''),
      seriesName: z.string().nullable().default(''),
    }),
    tags: z.array(z.string()).default([]),
    duration: z.number().default(0),
    size: z.number().default(0),
  }),
});
export type MinifiedItemWire = z.infer<typeof minifiedItemSchema>;

/** §2.3(a)/(b): old JSON and expanded share the structured lists; expanded adds duration/size. */
export const fullItemSchema = z.object({
  ...envelope,
  lastScan: z.number().nullable().optional(),
  size: z.number().optional(),
  media: z.object({
    metadata: z.object({
      ...sharedMetadata,
      authors: z.array(z.object({ id: z.string(), name: z.string() })),
      narrators: z.array(z.string()).default([]),
      series: z.array(z.object({ id: z.string(), name: z.string(), sequence: nstr.optional() })),
      publisher: nstr.optional(),
      description: nstr.optional(),
      language: nstr.optional(),
      explicit: z.boolean().default(false),
      abridged: z.boolean().default(false),
    }),
    tags: z.array(z.string()).default([]),
    duration: z.number().optional(),
    size: z.number().optional(),
    // Only read for the old-JSON shape's duration; recorded answers sometimes trim this list, so an odd value is ignored.
    audioFiles: z.array(z.object({ duration: z.number().nullable().optional() })).catch([]),
  }),
});
export type FullItemWire = z.infer<typeof fullItemSchema>;

export const libraryItemsPageSchema = z.object({
  results: z.array(minifiedItemSchema),
  total: z.number().int(),
  limit: z.number().int(),
  page: z.number().int(),
});

export const batchItemsSchema = z.object({ libraryItems: z.array(fullItemSchema) });

/** `updated` is absent (not false) when the PATCH changed nothing. */
export const patchMediaReplySchema = z.object({ updated: z.boolean().optional(), libraryItem: fullItemSchema });

export const librarySchema = z.object({
  id: z.string(),
  name: z.string(),
  mediaType: z.enum(['book', 'podcast']),
  folders: z.array(z.object({ fullPath: z.string() })),
  lastScan: z.number().nullable().optional(),
});
export const librariesSchema = z.object({ libraries: z.array(librarySchema) });

export const seriesListSchema = z.object({
  results: z.array(z.object({ id: z.string(), name: z.string(), books: z.array(minifiedItemSchema) })),
  total: z.number().int(),
});

export const authorSchema = z.object({ id: z.string(), name: z.string(), asin: nstr.optional(), numBooks: z.number().int().optional() });
export const authorsSchema = z.object({ authors: z.array(authorSchema) });

export const searchSchema = z.object({
  book: z.array(z.object({ libraryItem: fullItemSchema })).default([]),
  authors: z.array(authorSchema).default([]),
  series: z.array(z.object({ series: z.object({ id: z.string(), name: z.string() }) })).default([]),
});

export const loginSchema = z.object({
  user: z.object({
    id: z.string(),
    username: z.string(),
    type: z.string(),
    token: z.string().optional(),
    accessToken: z.string().optional(),
    refreshToken: z.string().nullable().optional(),
  }),
});

export const statusSchema = z.object({ app: z.string(), serverVersion: z.string(), isInit: z.boolean() });

/** Socket payloads (§2.6). */
export const taskSchema = z.object({
  id: z.string(),
  action: z.string(),
  data: z
    .object({
      libraryId: z.string().optional(),
      scanResults: z.object({ added: z.number().default(0), updated: z.number().default(0), missing: z.number().optional(), removed: z.number().optional() }).optional(),
    })
    .nullable()
    .optional(),
  title: z.string().nullable().default(''),
  error: z.string().nullable().optional(),
  isFailed: z.boolean().default(false),
  finishedAt: z.number().nullable().optional(),
});
/** An item named by id (item_removed; the elements of items_updated, read for their ids only). */
export const itemRemovedSchema = z.object({ id: z.string(), libraryId: z.string() });

/** author_… and series_… payloads: the author's or series' old JSON (`toOldJSON`), or `{ id, libraryId }` for a removal. */
export const entityRefSchema = z.object({ id: z.string().min(1), libraryId: z.string().nullish(), name: z.string().nullish() }).passthrough();
