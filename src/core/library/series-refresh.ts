import type { MirrorWriter } from './mirror-store.port.js';
import { computeSeriesStats } from './series-stats.js';

/** Recomputes owned counts and completion of the given series inside the current write; returns rows changed. */
export async function refreshSeriesStats(writer: MirrorWriter, scope: readonly string[] | 'all'): Promise<number> {
  if (scope !== 'all' && scope.length === 0) return 0;
  const memberships = await writer.seriesMembership(scope);
  return writer.writeSeriesStats(computeSeriesStats(memberships));
}
