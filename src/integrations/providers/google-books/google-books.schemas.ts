import { z } from 'zod';

/** Only the fields the mapper reads (developers.google.com/books/docs/v1/reference/volumes). */
export const googleVolumeSchema = z.object({
  id: z.string(),
  volumeInfo: z.object({
    title: z.string(),
    subtitle: z.string().nullish(),
    authors: z.array(z.string()).nullish(),
    publisher: z.string().nullish(),
    publishedDate: z.string().nullish(),
    description: z.string().nullish(),
    industryIdentifiers: z.array(z.object({ type: z.string(), identifier: z.string() })).nullish(),
    categories: z.array(z.string()).nullish(),
    language: z.string().nullish(),
    imageLinks: z.object({ thumbnail: z.string().nullish(), smallThumbnail: z.string().nullish() }).nullish(),
  }),
});
export type GoogleVolume = z.infer<typeof googleVolumeSchema>;

/** `items` is absent (not []) when nothing matches. */
export const googleVolumesSchema = z.object({
  totalItems: z.number(),
  items: z.array(googleVolumeSchema).optional(),
});

/** The standard Google API error envelope. */
export const googleErrorSchema = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    errors: z.array(z.object({ reason: z.string().optional() })).optional(),
  }),
});
