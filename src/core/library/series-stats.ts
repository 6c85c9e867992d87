import { parseSequence } from '../matching/index.js';
import type { SeriesMembership, SeriesStats } from './mirror-store.port.js';

/**
 * Owned count and completion per series. Books sharing a position count once (two editions of book 1 — say the
 * unabridged and a dramatised one — are one book of the series, pain point 20); books without a position count
 * each. Missing or removed books are not owned. Completion is owned / known total, capped at 1, and unknown while
 * no provider has said how long the series is.
 */
export function computeSeriesStats(memberships: readonly SeriesMembership[]): SeriesStats[] {
  const bySeries = new Map<string, { knownTotal: number | null; positions: Set<string> }>();
  for (const m of memberships) {
    let entry = bySeries.get(m.seriesId);
    if (!entry) {
      entry = { knownTotal: m.knownTotal, positions: new Set() };
      bySeries.set(m.seriesId, entry);
    }
    if (m.bookId === null || m.gone) continue;
    const position = parseSequence(m.sequence);
    entry.positions.add(position === null ? `book:${m.bookId}` : `seq:${position}`);
  }
  return [...bySeries].map(([seriesId, { knownTotal, positions }]) => ({
    seriesId,
    ownedCount: positions.size,
    completion: knownTotal && knownTotal > 0 ? Math.min(1, positions.size / knownTotal) : null,
  }));
}
