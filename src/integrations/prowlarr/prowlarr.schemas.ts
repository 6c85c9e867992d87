import { z } from 'zod';

/**
 * Only the fields mapped (Prowlarr `src/Prowlarr.Api.V1/Search/ReleaseResource.cs`); Prowlarr omits nulls, so
 * optional fields are simply absent.
 */
export const releaseSchema = z.object({
  guid: z.string().min(1),
  title: z.string(),
  size: z.number(),
  seeders: z.number().optional(),
  leechers: z.number().optional(),
  grabs: z.number().optional(),
  indexerId: z.number().int(),
  indexer: z.string(),
  categories: z.array(z.object({ id: z.number().int() })).default([]),
  indexerFlags: z.array(z.union([z.string(), z.number()])).default([]),
  publishDate: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date'),
  downloadUrl: z.string().optional(),
  magnetUrl: z.string().optional(),
  infoUrl: z.string().optional(),
  protocol: z.string(),
});
export type ReleaseWire = z.infer<typeof releaseSchema>;
export const releaseListSchema = z.array(releaseSchema);

export const indexerListSchema = z.array(
  z.object({ id: z.number().int(), name: z.string(), enable: z.boolean(), protocol: z.string(), privacy: z.string().optional() }),
);

export const indexerStatusListSchema = z.array(
  z.object({ indexerId: z.number().int(), disabledTill: z.string().optional(), mostRecentFailure: z.string().optional() }),
);

export const healthListSchema = z.array(z.object({ source: z.string(), type: z.string(), message: z.string() }));

export const systemStatusSchema = z.object({ appName: z.string(), version: z.string() });

/** The grab answer echoes the request; only its guid is checked. */
export const grabReplySchema = z.object({ guid: z.string() });
