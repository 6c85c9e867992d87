import type { ReleasePreferences } from './preferences.js';
import { formatSize } from './size.js';
import type { IndexerResult, WedgeDecision } from './types.js';

const MAM = /myanonamouse|\bmam\b/i;

export function isMyAnonamouse(result: IndexerResult): boolean {
  return MAM.test(result.indexer);
}

/**
 * Whether ratio is free for this user: freeleech for everyone, a wedge already spent (personal freeleech),
 * or a VIP torrent when the user's class makes VIP torrents free.
 */
export function isFree(result: IndexerResult, prefs: ReleasePreferences): boolean {
  return result.freeleech || result.personalFreeleech || (result.vip && prefs.mam.vipCountsAsFreeleech);
}

/**
 * The optional MyAnonamouse rule: spend a freeleech wedge on the pick only when it is not free already,
 * is not a VIP torrent (MAM refuses wedges on those) and is at least the configured size, so wedges are not
 * wasted on small torrents.
 */
export function decideWedge(pick: IndexerResult, prefs: ReleasePreferences): WedgeDecision | null {
  if (!isMyAnonamouse(pick)) return null;
  const rule = prefs.mam.wedge;
  if (!rule.enabled) return { spend: false, reason: 'wedge rule off' };
  if (pick.freeleech) return { spend: false, reason: 'already freeleech' };
  if (pick.personalFreeleech) return { spend: false, reason: 'already personal freeleech' };
  if (pick.vip) return { spend: false, reason: 'VIP torrent: wedges cannot be spent on it' };
  if (pick.sizeBytes < rule.minSizeBytes)
    return { spend: false, reason: `${formatSize(pick.sizeBytes)} is under the ${formatSize(rule.minSizeBytes)} wedge threshold` };
  return { spend: true, reason: `${formatSize(pick.sizeBytes)} is at least the ${formatSize(rule.minSizeBytes)} wedge threshold` };
}
