import { sameSeriesName, sharesAuthor } from '../matching/index.js';
import { groupRecords, type BookGroup } from './grouping.js';
import { looksForeign } from './language.js';
import { anyPosition, scopePositions, trustedNumberings, type Trusted } from './numbering.js';
import { coverPositions, matchOwned, type Ownership } from './ownership.js';
import { readRecord, type Position } from './record-facts.js';
import { placeForeignEditions } from './translations.js';
import type { DecidedBook, GapQuestion, NotGapKind, Verdict } from './types.js';

/**
 * The gap decision for one scope (a series or an author). Records are merged into books (grouping.ts), owned books
 * found (ownership.ts), and every other book decided, in the precedence of the labelling rules:
 * owned → derived product (summary, study guide, abridged, dramatised, graphic adaptation, split part, omnibus,
 * another language) → outside the scope (another author, a series entry no provider numbers, an anthology) →
 * novella (fractional position, per `includeNovellas`) → upcoming (released after `today`) → missing.
 */
export function decideGaps(q: GapQuestion): DecidedBook[] {
  const groups = groupRecords(q.records.map(readRecord));
  const met = matchOwned(groups, q.owned);
  const trusted = trustedNumberings(groups, met, q);
  const ownership = coverPositions(groups, q.owned, met, trusted);
  const books = groups.map((g, i) => decideGroup(g, i, q, ownership, trusted));
  placeForeignEditions(books, groups, ownership, q, trusted);
  return books;
}

/** The missing and upcoming books only, each as the refs merged into it (the evaluation CLI's answer). */
export function proposals(books: DecidedBook[]): { missing: string[][]; upcoming: string[][] } {
  return {
    missing: books.filter((b) => b.verdict === 'missing').map((b) => b.refs),
    upcoming: books.filter((b) => b.verdict === 'upcoming').map((b) => b.refs),
  };
}


const OMNIBUS_TITLE_RE =
  /\bbox(?:ed)? ?set\b|\bboxset\b|\btrilogy\b|\bquartet\b|\bquintet\b|\bomnibus\b(?! edition)|\bcomplete\b|\b\d+[- ]book\b|\bbooks? \d+ ?(?:-|–|to|&|and) ?\d+\b|\bseries pack\b|\bbundle\b/i;

function decideGroup(g: BookGroup, gi: number, q: GapQuestion, own: Ownership, trusted: Trusted): DecidedBook {
  const book = describe(g, q, trusted);
  const owned = own.reasons.get(gi);
  if (owned) {
    const by = own.how.get(gi)?.by;
    return { ...book, verdict: 'owned', confidence: by === 'identifier' ? 98 : by === 'content' ? 90 : 75, reasons: [owned] };
  }
  const notGap = (kind: NotGapKind, why: string, confidence = 85): DecidedBook => ({ ...book, verdict: 'not-a-gap', kind, confidence, reasons: [why] });

  const k = g.kinds;
  if (k.has('study-guide')) return notGap('study-guide', 'a study guide to the book, not the book');
  if (k.has('summary')) return notGap('summary', 'a summary or workbook of the book, not the book');
  if (k.has('abridged')) return notGap('abridged', 'an abridged or condensed edition');
  if (k.has('dramatized')) return notGap('dramatized', 'a dramatised / full-cast / radio adaptation');
  if (k.has('graphic') || k.has('adaptation')) return notGap('graphic-novel', 'a graphic-novel or credited adaptation of the book');
  if (k.has('young-readers')) return notGap('young-readers', 'an edition adapted for young readers');
  if (k.has('split-part')) return notGap('split-part', 'one part of a split edition, not the whole book');

  const positions = scopePositions(g, q, trusted);
  const collection = k.has('collection') || k.has('compilation');
  if (collection && (positions.some((p) => p.kind === 'range') || isOmnibusTitle(g, q))) {
    return notGap('omnibus', 'a box set or omnibus of books of the series');
  }
  const languages = new Set(g.members.map((m) => m.language).filter((l): l is string => l !== null));
  if (languages.size > 0 && !languages.has(q.options.language)) {
    return notGap('language', `only in ${[...languages].join(', ')}, not the library's language (${q.options.language})`);
  }
  // No record says its language (Hardcover) and every title reads as another language ("Der Weg der Könige").
  if (languages.size === 0 && q.options.language === 'en' && g.members.every((m) => looksForeign(m.record.title))) {
    return notGap('language', 'its titles are in another language than the library\'s (en)');
  }

  if (!inScopeByAuthor(g, q)) {
    return notGap('other-author', q.scope.kind === 'series' ? 'by none of the series\' authors (a same-named series or title)' : `${q.scope.name} is not credited as an author`, 90);
  }
  let primary: Position | null = positions[0] ?? null;
  if (q.scope.kind === 'series') {
    if (collection && primary?.kind !== 'single') return notGap('omnibus', 'a collection of the series, not one of its numbered books');
    if (primary === null) return notGap('unnumbered', 'no provider numbers it in the series (companion, guide, draft or another series)', 80);
  } else {
    if (collection && !q.options.includeAnthologies) return notGap('anthology', 'an anthology or collection (anthologies are left out)');
    primary = anyPosition(g);
  }
  if (primary?.kind === 'range') return notGap('omnibus', 'a range of positions: a box set or omnibus');
  if (primary?.kind === 'decimal' && !q.options.includeNovellas) return notGap('novella', `a novella at position ${primary.start} (novellas are left out)`);

  // The earliest record decides: upcoming when every dated record is after today. A partial date that spans today
  // ("2024" asked in October 2024) says nothing either way.
  const dates = g.members.map((m) => m.date).filter((d) => d !== null && !(d.start <= q.today && d.end > q.today));
  const upcoming = dates.length > 0 && dates.every((d) => d!.start > q.today);
  const since = q.options.releasedAfter;
  if (since && !upcoming && dates.length > 0 && dates.some((d) => d!.end <= since)) {
    return notGap('backlist', `released before the follow date ${since} (only newer books are wanted)`, 80);
  }
  const verdict: Verdict = upcoming ? 'upcoming' : 'missing';
  const providers = book.providers.length;
  const confidence = Math.min(95, 45 + 12 * Math.min(providers, 3) + (primary?.kind === 'single' ? 10 : 0) + (book.asins.length > 0 ? 5 : 0));
  const reasons = [
    upcoming
      ? `not released yet: ${book.releaseDate ? `the earliest record is dated ${book.releaseDate}` : 'announced without a date'} (after ${q.today})`
      : 'not in the library',
    `listed by ${book.providers.join(', ')}`,
  ];
  if (book.positions.length > 0) reasons.push(`position ${book.positions.map((p) => `${p.sequence} of ${p.series}`).join(', ')}`);
  return { ...book, verdict, kind: null, confidence, reasons };
}

function describe(g: BookGroup, q: GapQuestion, trusted: Trusted): DecidedBook {
  const members = [...g.members].sort((a, b) => a.rank - b.rank);
  const first = members[0]!;
  const positions: DecidedBook['positions'] = [];
  for (const m of members) {
    for (const c of m.claims) {
      if (c.position === null) continue;
      if (q.scope.kind === 'series' && (!sameSeriesName(c.name, q.scope.name) || !trusted(m, c.name))) continue;
      const series = m.record.series?.find((s) => sameSeriesName(s.name, c.name))?.name ?? c.name.join(' ');
      const sequence = c.raw ?? String(c.position.start);
      if (!positions.some((p) => p.series === series && p.sequence === sequence)) positions.push({ series, sequence });
    }
  }
  const earliest = members.map((m) => m.date).filter((d) => d !== null).sort((a, b) => a.start.localeCompare(b.start))[0];
  return {
    verdict: 'missing',
    kind: null,
    refs: g.members.map((m) => m.record.ref),
    title: first.record.title,
    authors: first.record.authors,
    providers: [...new Set(members.map((m) => m.record.source))],
    positions,
    asins: [...new Set(members.map((m) => m.asin).filter((a): a is string => a !== null))],
    isbns: [...new Set(members.map((m) => m.isbn).filter((a): a is string => a !== null))],
    releaseDate: earliest && earliest.start !== '9999-12-31' ? earliest.start : null,
    confidence: 0,
    reasons: [],
  };
}
function isOmnibusTitle(g: BookGroup, q: GapQuestion): boolean {
  return g.members.some((m) => {
    const title = m.record.title;
    if (OMNIBUS_TITLE_RE.test(title)) return true;
    // A collection titled with the name of a series of the scope ("The Chronicles of Narnia", "His Dark Materials",
    // "The Twilight Saga Collection").
    const names = [...q.records.flatMap((r) => (r.series ?? []).map((s) => s.name)), ...(q.scope.kind === 'series' ? [q.scope.name] : [])];
    return names.some((n) => sameSeriesName(n, title) && title.split(/\s+/).length <= n.split(/\s+/).length + 2);
  });
}

function inScopeByAuthor(g: BookGroup, q: GapQuestion): boolean {
  const people = q.scope.kind === 'series' ? q.scope.authors : [q.scope.name];
  const credited = g.members.filter((m) => m.record.authors.length > 0);
  if (credited.length === 0) return q.scope.kind === 'series';
  return credited.some((m) => sharesAuthor(m.record.authors, people));
}
