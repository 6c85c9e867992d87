import type { RankedFormat, ReleasePreferences } from './preferences.js';
import { formatRate } from './size.js';
import type { ReleaseJudgement } from './types.js';

/**
 * Preference order among acceptable results: format tier (M4B/M4A, then MP3, then anything else, by
 * default), then free (freeleech) before paid, then more seeders, then size per hour closer to the target
 * (only when the runtime is known). The indexer's order breaks any remaining tie.
 */
export type RankStep = 'format' | 'freeleech' | 'seeders' | 'size' | 'order';

export function formatOf(j: ReleaseJudgement): RankedFormat {
  return j.parsed.format ?? 'unknown';
}

export function formatTier(j: ReleaseJudgement, prefs: ReleasePreferences): number {
  const f = formatOf(j);
  const tier = prefs.formatTiers.findIndex((t) => t.includes(f));
  return tier === -1 ? prefs.formatTiers.length : tier;
}

function sizeDistance(j: ReleaseJudgement, prefs: ReleasePreferences): number | null {
  return j.mibPerHour === null ? null : Math.abs(j.mibPerHour - prefs.targetMibPerHour);
}

/** Which step orders a before b (negative: a first), and the step that decided. */
export function compareAcceptable(
  a: ReleaseJudgement,
  b: ReleaseJudgement,
  prefs: ReleasePreferences,
): { order: number; step: RankStep } {
  const tier = formatTier(a, prefs) - formatTier(b, prefs);
  if (tier !== 0) return { order: tier, step: 'format' };
  if (a.free !== b.free) return { order: a.free ? -1 : 1, step: 'freeleech' };
  const seeders = (b.result.seeders ?? 0) - (a.result.seeders ?? 0);
  if (seeders !== 0) return { order: seeders, step: 'seeders' };
  const da = sizeDistance(a, prefs);
  const db = sizeDistance(b, prefs);
  if (da !== null && db !== null && da !== db) return { order: da - db, step: 'size' };
  return { order: 0, step: 'order' };
}

export function rankAcceptable(list: ReleaseJudgement[], prefs: ReleasePreferences): ReleaseJudgement[] {
  return list
    .map((j, i) => ({ j, i }))
    .sort((x, y) => compareAcceptable(x.j, y.j, prefs).order || x.i - y.i)
    .map((x) => x.j);
}

export function describe(j: ReleaseJudgement): string {
  const bits = [j.parsed.formatLabel ?? 'format not stated'];
  if (j.free) bits.push(j.result.personalFreeleech ? 'personal freeleech' : 'freeleech');
  if (j.result.seeders !== null) bits.push(`${j.result.seeders} seeders`);
  if (j.mibPerHour !== null) bits.push(formatRate(j.mibPerHour));
  return bits.join(', ');
}

const STEP_WORDS: Record<RankStep, string> = {
  format: 'better format',
  freeleech: 'freeleech',
  seeders: 'more seeders',
  size: 'size per hour closer to the target',
  order: 'listed first',
};

/** "M4B, freeleech, 72 seeders, 42.8 MB/h; beats "…" (M4B, 127 seeders) on freeleech". */
export function pickReason(ranked: ReleaseJudgement[], prefs: ReleasePreferences): string {
  const [best, runnerUp] = ranked;
  if (!best) return 'nothing acceptable';
  const head = `${describe(best)}; ${best.identity ?? 'the wanted book'}`;
  if (!runnerUp) return `${head}; the only acceptable release`;
  const { step } = compareAcceptable(best, runnerUp, prefs);
  return `${head}; beats "${runnerUp.result.title}" (${describe(runnerUp)}) on ${STEP_WORDS[step]}`;
}
