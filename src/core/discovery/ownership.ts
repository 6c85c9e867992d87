import {
  bookFacts,
  createOwnedIndex,
  normalizeAsin,
  normalizeIsbn,
  normalizeTitle,
  sameSeriesName,
  sharesAuthor,
  titleKey,
  type BookRecord,
} from '../matching/index.js';
import { signatureOf, type BookGroup } from './grouping.js';
import { kindsOf, parsePosition, positionOf, productSignature, type Position, type RecordFacts } from './record-facts.js';

/**
 * Which book groups the user owns, and why. In order: an identifier of any library item (ASIN, ISBN) on any record
 * of the group; the matcher on content (identifiers left out, since libraries often hold another edition's ASIN),
 * with a book held as split parts ("… (Part 1 of 2)") read as the whole book; then, for library items that met no
 * record, their series position — a single position, or a range ("1-8", an omnibus) that covers every position
 * inside it; and an owned omnibus record covers the positions it collects.
 */

export interface Ownership {
  /** Why group i is owned, or undefined. */
  reasons: Map<number, string>;
  /** How group i came to be owned: by identifier or content (the library item's index), or by position. */
  how: Map<number, { by: 'identifier' | 'content' | 'position'; item: number }>;
  /** The groups each library item met by identifier or content. */
  matched: Map<number, Set<number>>;
  /** Library items that met no group and hold no series position (candidates for a foreign-language edition). */
  unresolved: number[];
}

interface OwnedClaim {
  name: string[];
  position: Position;
}

const PART_MARKER_RE =
  /\s*[([]?\s*(?:(?:part|pt\.?|volume|vol\.?|disc|cd)\s+)?(?:\d+|one|two|three|four|[ivx]+)\s+of\s+(?:\d+|two|three|four|[ivx]+)\s*[)\]]?|[,:\s-]+(?:part|pt\.?)\s+(?:\d+|one|two|three|four|[ivx]+)\s*$/gi;

function withoutPartMarker(book: BookRecord): BookRecord | null {
  const title = book.title.replace(PART_MARKER_RE, ' ').replace(/\s+/g, ' ').trim();
  const subtitle = (book.subtitle ?? '').replace(PART_MARKER_RE, ' ').trim();
  if (title === book.title.trim() && subtitle === (book.subtitle ?? '').trim()) return null;
  return { ...book, title, subtitle: subtitle === '' ? null : subtitle };
}

/**
 * "Skyward - Book 2.1" against the record "Skyward" (Skyward #1): a library title that is only its series' name
 * with a position meets a book titled like the series by the words alone; the positions say it is another book.
 */
function titledBySeriesElsewhere(item: BookRecord, claims: RecordFacts['claims']): boolean {
  const key = normalizeTitle(item.title);
  return ownedClaims(item).some(
    (own) =>
      own.position.kind !== 'range' &&
      own.name.join(' ') !== '' &&
      key === titleKey(own.name.join(' ')) &&
      claims.some((c) => c.position !== null && c.position.kind !== 'range' && sameSeriesName(c.name, own.name) && Math.abs(c.position.start - own.position.start) > 1e-9),
  );
}

/** The product a library item is, the book held in parts counting as the whole book. */
function productOf(book: BookRecord): string {
  return productSignature(kindsOf(withoutPartMarker(book) ?? book));
}

function ownedClaims(book: BookRecord): OwnedClaim[] {
  const out: OwnedClaim[] = [];
  for (const s of book.series ?? []) {
    const p = parsePosition(s.sequence);
    if (p) out.push({ name: s.name.split(/\s+/), position: p });
  }
  for (const c of bookFacts(book).series) {
    const p = positionOf(c.sequence);
    if (p && !out.some((o) => sameSeriesName(o.name, c.name))) out.push({ name: c.name, position: p });
  }
  // "Mistborn Trilogy (Books 1-3)", "Boxed Set: Books 1 to 8" in the title of an owned omnibus.
  const range = /\bbooks?\s+(\d+)\s*(?:-|–|to|through)\s*(\d+)\b/i.exec(`${book.title} ${book.subtitle ?? ''}`);
  if (range) {
    const series = out[0]?.name ?? bookFacts(book).series[0]?.name;
    if (series) out.push({ name: series, position: { kind: 'range', start: Number(range[1]), end: Number(range[2]) } });
  }
  return out;
}

/**
 * A range covers the whole positions and the ranges inside it ("1-3" holds 1, 2, 3, not the 2.5 novella); a range of
 * fractional positions ("2.1-3.1", a novella collection) covers the fractional ones inside it too. A single position
 * covers itself.
 */
function covers(owned: Position, p: Position): boolean {
  if (owned.kind === 'range') {
    const fractional = !Number.isInteger(owned.start) || !Number.isInteger(owned.end);
    return p.start >= owned.start && p.end <= owned.end && (p.kind !== 'decimal' || fractional);
  }
  return p.kind !== 'range' && Math.abs(owned.start - p.start) < 1e-9;
}

/**
 * First, library items that meet records: by identifier, by content, a first book titled by its series' name.
 */
export function matchOwned(groups: BookGroup[], owned: BookRecord[]): Ownership {
  const reasons = new Map<number, string>();
  const how: Ownership['how'] = new Map();
  const matched = new Map<number, Set<number>>();
  const resolved = new Set<number>();
  const meet = (item: number, gi: number, by: 'identifier' | 'content') => {
    resolved.add(item);
    const set = matched.get(item) ?? new Set<number>();
    set.add(gi);
    matched.set(item, set);
    if (!how.has(gi)) how.set(gi, { by, item });
  };
  const asins = new Map<string, number>();
  const isbns = new Map<string, number>();
  owned.forEach((o, i) => {
    const a = normalizeAsin(o.asin);
    const b = normalizeIsbn(o.isbn);
    if (a) asins.set(a, i);
    if (b) isbns.set(b, i);
  });
  // One index per product: a library item meets only records of the same product (its dramatisation, abridged
  // edition or graphic novel is not the book; the book held in two parts is the whole book).
  const bySignature = new Map<string, (BookRecord & { id: string })[]>();
  const file = (book: BookRecord, i: number) => {
    const sig = productSignature(kindsOf(book));
    const list = bySignature.get(sig) ?? [];
    list.push({ ...book, asin: null, isbn: null, id: String(i) });
    bySignature.set(sig, list);
  };
  owned.forEach((o, i) => {
    file(o, i);
    const whole = withoutPartMarker(o);
    if (whole) file(whole, i);
  });
  const indexes = new Map([...bySignature].map(([sig, list]) => [sig, createOwnedIndex(list)]));

  groups.forEach((g, gi) => {
    for (const m of g.members) {
      const byAsin = m.asin !== null ? asins.get(m.asin) : undefined;
      const byIsbn = m.isbn !== null ? isbns.get(m.isbn) : undefined;
      const byId = byAsin ?? byIsbn;
      if (byId !== undefined) {
        meet(byId, gi, 'identifier');
        if (!reasons.has(gi)) reasons.set(gi, `owned: the library item "${owned[byId]!.title}" has ${byAsin !== undefined ? `ASIN ${m.asin}` : `ISBN ${m.isbn}`}`);
        continue;
      }
      const hit = indexes.get(signatureOf(g))?.findOwned(m.content) ?? null;
      if (hit && !titledBySeriesElsewhere(owned[Number(hit.id)]!, g.members.flatMap((x) => x.claims))) {
        const i = Number(hit.id);
        meet(i, gi, 'content');
        if (!reasons.has(gi)) reasons.set(gi, `owned: the library item "${owned[i]!.title}" is the same book as ${m.record.ref} (${hit.result.reasons.join(', ')})`);
      }
    }
  });

  // The library titles a first book by its series' name ("Mistborn", Mistborn #1); a record without a position in
  // that series titled "Mistborn: The Final Empire" is that book.
  owned.forEach((o, i) => {
    const first = ownedClaims(o).find((c) => c.position.kind === 'single' && c.position.start === 1 && titleKey(c.name.join(' ')) === normalizeTitle(o.title));
    if (!first) return;
    groups.forEach((g, gi) => {
      if (reasons.has(gi) || g.members.some((m) => m.claims.some((c) => c.position !== null && sameSeriesName(c.name, first.name)))) return;
      const m = g.members.find((x) => {
        const head = /^([^:]+):\s*\S/.exec(x.record.title)?.[1];
        return head !== undefined && titleKey(head) === titleKey(first.name.join(' ')) && (o.authors.length === 0 || sharesAuthor(o.authors, x.record.authors));
      });
      if (!m) return;
      meet(i, gi, 'content');
      reasons.set(gi, `owned: the library item "${o.title}" is book 1 of ${first.name.join(' ')}, which ${m.record.ref} names in its title ("${m.record.title}")`);
    });
  });

  return { reasons, how, matched, unresolved: [] };
}

/**
 * Then, for library items that met no record, their series positions: a single position, or a range ("1-8", an
 * omnibus) covering every whole position inside it; an owned omnibus record covers the positions it collects; a
 * met item still covers its position (another listing of the same book at that place). Only positions of
 * numberings the owned books anchor (`trusted`) count, so a second series object with other numbering owns nothing.
 */
export function coverPositions(groups: BookGroup[], owned: BookRecord[], own: Ownership, trusted: (m: RecordFacts, name: string[]) => boolean): Ownership {
  const { reasons, how, matched } = own;
  const resolved = new Set(matched.keys());
  // An owned omnibus covers the positions it collects.
  // `product`: the library item's product; a single position covers only the same product (a range, any).
  const covering: { claim: OwnedClaim; title: string; authors: string[]; item: number; product: string | null }[] = [];
  groups.forEach((g, gi) => {
    if (!reasons.has(gi)) return;
    for (const m of g.members) {
      for (const c of m.claims) {
        if (c.position?.kind === 'range') covering.push({ claim: { name: c.name, position: c.position }, title: m.record.title, authors: m.record.authors, item: how.get(gi)?.item ?? -1, product: null });
      }
    }
  });
  const unresolved: number[] = [];
  owned.forEach((o, i) => {
    const claims = ownedClaims(o);
    if (resolved.has(i)) {
      // A resolved item still covers the position or range it says it holds: "The Gathering Dark" (Shadow and Bone
      // #1) met only a record without series, "The Final Empire" (Mistborn #1) is also listed as "Mistborn" at #1.
      for (const claim of claims) covering.push({ claim, title: o.title, authors: o.authors, item: i, product: productOf(o) });
      return;
    }
    if (claims.length === 0) unresolved.push(i);
    for (const claim of claims) covering.push({ claim, title: o.title, authors: o.authors, item: i, product: productOf(o) });
  });

  groups.forEach((g, gi) => {
    if (reasons.has(gi)) return;
    for (const cover of covering) {
      if (cover.claim.position.kind !== 'range' && cover.product !== null && cover.product !== signatureOf(g)) continue;
      const hit = g.members.find(
        (m) =>
          (cover.authors.length === 0 || m.record.authors.length === 0 || sharesAuthor(cover.authors, m.record.authors)) &&
          m.claims.some((c) => c.position !== null && trusted(m, c.name) && sameSeriesName(c.name, cover.claim.name) && covers(cover.claim.position, c.position)),
      );
      if (hit) {
        const p = cover.claim.position;
        const where = p.kind === 'range' ? `positions ${p.start}-${p.end}` : `position ${p.start}`;
        reasons.set(gi, `owned: the library item "${cover.title}" holds ${where} of ${cover.claim.name.join(' ')}`);
        how.set(gi, { by: 'position', item: cover.item });
        break;
      }
    }
  });
  return { reasons, how, matched, unresolved };
}
