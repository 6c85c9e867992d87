import { sharesAuthor } from '../matching/index.js';
import type { BookGroup } from './grouping.js';
import { looksForeign, nonLatin } from './language.js';
import { anyPosition, scopePositions, type Trusted } from './numbering.js';
import type { Ownership } from './ownership.js';
import type { DecidedBook, GapQuestion } from './types.js';

/**
 * A library item in another language (another script or another language's words, or one that only met records in
 * another language) that met no book of the library's language is a translation of one of the scope's books; which
 * one the records cannot say. It is taken as the first book still missing by its author — the lowest position in a
 * series scope, the earliest release in an author scope — the book a reader most often owns in translation, and
 * that guess is said in the reasons with a low confidence.
 */
export function placeForeignEditions(books: DecidedBook[], groups: BookGroup[], own: Ownership, q: GapQuestion, trusted: Trusted): void {
  const foreign: number[] = [];
  q.owned.forEach((o, i) => {
    const met = own.matched.get(i);
    if (met && [...met].some((gi) => books[gi]!.kind !== 'language' && !isForeignGroup(groups[gi]!, q))) return;
    if (met || looksForeign(o.title)) foreign.push(i);
  });
  for (const i of foreign) {
    const item = { ...q.owned[i]!, authors: q.owned[i]!.authors.filter((a) => !nonLatin(a)) };
    if (q.scope.kind === 'series' && item.authors.length > 0 && !sharesAuthor(item.authors, q.scope.authors)) continue;
    if (q.scope.kind === 'author' && item.authors.length > 0 && !sharesAuthor(item.authors, [q.scope.name])) continue;
    // The foreign edition's own record may say where it stands ("Die Sturmlicht-Chroniken" 1): that position first.
    const hints = new Set<number>();
    for (const gi of own.matched.get(i) ?? []) {
      for (const m of groups[gi]!.members) for (const c of m.claims) if (c.position?.kind === 'single') hints.add(c.position.start);
    }
    let best: { gi: number; key: number[] } | null = null;
    books.forEach((b, gi) => {
      if (b.verdict !== 'missing') return;
      if (item.authors.length > 0 && !sharesAuthor(item.authors, b.authors)) return;
      const pos = q.scope.kind === 'series' ? scopePositions(groups[gi]!, q, trusted)[0] : anyPosition(groups[gi]!);
      const hinted = pos?.kind === 'single' && hints.has(pos.start) ? 0 : 1;
      const whole = pos?.kind === 'single' ? 0 : 1;
      const at = pos ? pos.start : Number.MAX_SAFE_INTEGER;
      const date = b.releaseDate ? Date.parse(b.releaseDate) : Number.MAX_SAFE_INTEGER;
      const key = q.scope.kind === 'series' ? [hinted, whole, at, date] : [hinted, date, whole, at];
      if (!best || lexLess(key, best.key)) best = { gi, key };
    });
    if (best === null) continue;
    const b = books[(best as { gi: number }).gi]!;
    b.verdict = 'owned';
    b.confidence = 50;
    b.reasons = [`owned (assumed): the library item "${item.title}" is in another language and met no record of the library's language; taken as a translation of the first missing book`];
  }
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function isForeignGroup(g: BookGroup, q: GapQuestion): boolean {
  const languages = new Set(g.members.map((m) => m.language).filter((l): l is string => l !== null));
  return languages.size > 0 && !languages.has(q.options.language);
}
