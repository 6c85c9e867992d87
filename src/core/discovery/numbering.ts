import { bookFacts, sameSeriesName } from '../matching/index.js';
import type { BookGroup } from './grouping.js';
import type { Ownership } from './ownership.js';
import type { Position, RecordFacts } from './record-facts.js';
import type { GapQuestion } from './types.js';

/** Whether a record's positions in the series named `claimName` are to be used (its numbering is anchored). */
export type Trusted = (m: RecordFacts, claimName: string[]) => boolean;

/** Positions of the group in the scope's series, from its best-ranked records first (series scopes). */
export function scopePositions(g: BookGroup, q: GapQuestion, trusted: Trusted): Position[] {
  if (q.scope.kind !== 'series') return anyPosition(g) ? [anyPosition(g)!] : [];
  const exact: Position[] = [];
  const loose: Position[] = [];
  const scopeWords = seriesKey(q.scope.name);
  for (const m of [...g.members].sort((a, b) => a.rank - b.rank)) {
    for (const c of m.claims) {
      if (!c.position || !sameSeriesName(c.name, q.scope.name) || !trusted(m, c.name)) continue;
      // The scope's own name before a longer one that contains it (a sub-series: "Discworld - City Watch").
      (c.name.join(' ') === scopeWords ? exact : loose).push(c.position);
    }
  }
  return [...exact, ...loose];
}

function seriesKey(name: string): string {
  return bookFacts({ title: 'x', authors: [], series: [{ name, sequence: null }] }).series[0]?.name.join(' ') ?? '';
}

export function anyPosition(g: BookGroup): Position | null {
  for (const m of [...g.members].sort((a, b) => a.rank - b.rank)) {
    for (const c of m.claims) if (c.position) return c.position;
  }
  return null;
}

/**
 * Series objects and numberings. Each (provider, series name) numbering is compared with the positions the library
 * gives the books it owns; a numbering that contradicts the owned books more often than it agrees with them (a
 * publication order against the library's chronological one, another language's or an abridged series object)
 * is not the series: its positions are not used.
 */
export function trustedNumberings(groups: BookGroup[], own: Ownership, q: GapQuestion): Trusted {
  if (q.scope.kind !== 'series') return () => true;
  const scopeName = q.scope.name;
  const score = new Map<string, { agree: number; disagree: number }>();
  const keyOf = (m: RecordFacts, name: string[]) => `${m.record.source}|${name.join(' ')}`;
  groups.forEach((g, gi) => {
    const how = own.how.get(gi);
    if (!how || how.by === 'position') return;
    const libraryPositions = libraryScopePositions(q, how.item);
    if (libraryPositions.length === 0) return;
    for (const m of g.members) {
      for (const c of m.claims) {
        if (!c.position || c.position.kind === 'range' || !sameSeriesName(c.name, scopeName)) continue;
        const s = score.get(keyOf(m, c.name)) ?? { agree: 0, disagree: 0 };
        if (libraryPositions.some((p) => Math.abs(p - c.position!.start) < 1e-9)) s.agree++;
        else s.disagree++;
        score.set(keyOf(m, c.name), s);
      }
    }
  });
  return (m, name) => {
    const s = score.get(keyOf(m, name));
    return !s || s.disagree <= s.agree;
  };

  function libraryScopePositions(question: GapQuestion, item: number): number[] {
    const o = question.owned[item];
    if (!o) return [];
    return (o.series ?? [])
      .filter((s) => sameSeriesName(s.name, scopeName))
      .map((s) => readPosition(s.sequence))
      .filter((n): n is number => n !== null);
  }
}

function readPosition(raw: string | null): number | null {
  if (raw === null) return null;
  const m = /(\d+(?:\.\d+)?)/.exec(raw);
  return m ? Number(m[1]) : null;
}
