import { z } from 'zod';

/** MAM numbers arrive as numbers or numeric strings (clients coerce them); anything else is drift. */
const num = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
/** Flags arrive as 0/1, "0"/"1" or booleans. */
const flag = z
  .union([z.boolean(), z.number(), z.string()])
  .nullish()
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
/** The *_info fields are JSON inside a string; a few mocks send the object itself. */
const info = z.union([z.string(), z.record(z.string(), z.unknown())]).nullish();

/** A human size as MAM writes it ("488.3 MiB", "1,024.5 KB"); a bare number string is bytes. */
export const MAM_SIZE_RE = /^\s*(\d[\d,]*(?:\.\d+)?)\s*([kmgt]?i?b)?\s*$/i;

/** One search hit, only the fields the mapper reads (as Prowlarr's `Indexers/Definitions/MyAnonamouse.cs` parses it). */
export const mamTorrentSchema = z.object({
  id: num,
  title: z.string(),
  author_info: info,
  narrator_info: info,
  series_info: info,
  main_cat: num.nullish(),
  category: num.nullish(),
  catname: z.string().nullish(),
  lang_code: z.string().nullish(),
  filetype: z.string().nullish(),
  size: z.union([z.string().regex(MAM_SIZE_RE, 'not a size'), z.number().nonnegative()]),
  numfiles: num.nullish(),
  seeders: num.nullish(),
  leechers: num.nullish(),
  times_completed: num.nullish(),
  added: z.string().nullish(),
  free: flag,
  vip: flag,
  fl_vip: flag,
  personal_freeleech: flag,
  tags: z.string().nullish(),
  isbn: z.union([z.string(), z.number()]).nullish(),
  dl: z.string().nullish(),
});
export type MamTorrentRow = z.infer<typeof mamTorrentSchema>;

/**
 * The envelope. Items are validated one by one by the client, so one odd row does not hide the others;
 * `{"error":"Nothing returned, out of N"}` is the normal "no hits" answer.
 */
export const mamSearchEnvelopeSchema = z.object({
  data: z.array(z.unknown()).optional(),
  error: z.string().optional(),
  message: z.string().optional(),
  found: num.optional(),
  total: num.optional(),
  total_found: num.optional(),
});

/** `GET /jsonLoad.php`: enough to show whose session it is. */
export const mamUserSchema = z.object({
  username: z.string(),
  uid: num.optional(),
  classname: z.string().optional(),
  ratio: z.union([z.number(), z.string()]).optional(),
  unsat: z.object({ count: num.optional(), limit: num.optional() }).partial().optional(),
  uploaded_bytes: num.optional(),
  downloaded_bytes: num.optional(),
});
