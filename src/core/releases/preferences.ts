import { z } from 'zod';

const formatSchema = z.enum(['m4b', 'm4a', 'mp3', 'flac', 'other', 'unknown']);
export type RankedFormat = z.infer<typeof formatSchema>;

/**
 * What the operator can tune. Defaults follow the project's rules: M4B/M4A, then MP3, then anything else
 * (a name stating no format ranks as "other"); English only; at least one seeder; no abridged or
 * dramatised editions; no MyAnonamouse wedge spending.
 */
export const releasePreferencesSchema = z.object({
  /** Tiers of formats, best first; formats in one tier are equal; unlisted formats come after every tier. */
  formatTiers: z.array(z.array(formatSchema)).default([['m4b', 'm4a'], ['mp3']]),
  minSeeders: z.number().int().min(0).default(1),
  /** ISO 639-1 codes accepted; a name without a language marker counts as `assumedLanguage`. */
  languages: z.array(z.string().min(2)).default(['en']),
  assumedLanguage: z.string().min(2).default('en'),
  allowAbridged: z.boolean().default(false),
  allowDramatized: z.boolean().default(false),
  /** Below this size per hour of the wanted runtime a result is a sample or a broken upload. */
  minMibPerHour: z.number().min(0).default(5),
  /**
   * Above this size per hour a lossy (MP3/M4B/M4A) result holds more than one book: 320 kbit/s is ~137 MiB/h, and runtimes are estimates.
   * Lossless and unknown formats are not checked.
   */
  maxLossyMibPerHour: z.number().positive().default(200),
  /** When the runtime is unknown, anything smaller than this is refused as a sample. */
  minBytesWhenDurationUnknown: z.number().int().min(0).default(5 * 1024 * 1024),
  /** The size per hour the tie-break prefers (a good speech encode). */
  targetMibPerHour: z.number().positive().default(45),
  mam: z
    .object({
      /** VIP torrents are freeleech for VIP-class members; others pay ratio for them. */
      vipCountsAsFreeleech: z.boolean().default(false),
      /** Spend a freeleech wedge on the pick when it is not already free and at least this big. */
      wedge: z
        .object({ enabled: z.boolean().default(false), minSizeBytes: z.number().int().min(0).default(0) })
        .default({ enabled: false, minSizeBytes: 0 }),
    })
    .default({ vipCountsAsFreeleech: false, wedge: { enabled: false, minSizeBytes: 0 } }),
});

export type ReleasePreferences = z.infer<typeof releasePreferencesSchema>;
export type ReleasePreferencesInput = z.input<typeof releasePreferencesSchema>;

export function resolvePreferences(input: ReleasePreferencesInput = {}): ReleasePreferences {
  return releasePreferencesSchema.parse(input);
}

export const defaultPreferences: ReleasePreferences = resolvePreferences();
