import { compareBooks, normalizeAuthorName, normalizeTitle, sharesAuthor, splitAuthors } from '../matching/index.js';
import { productSignature, type RecordFacts, type RecordKind } from './record-facts.js';

/**
 * Merges the records of one book across providers and editions. Two records are one book when they share an ASIN
 * or an ISBN, or when the matcher says so on their content (identifiers left out: US/UK editions, narrations and
 * regions carry different ASINs). Records of different product kinds (a dramatisation, an abridged edition, a box
 * set) are never merged with the plain book, so the kind of a group is the kind of each of its records.
 */

export interface BookGroup {
  members: RecordFacts[];
  /** Product kinds shared by every member. */
  kinds: Set<RecordKind>;
}

function signature(f: RecordFacts): string {
  return productSignature(f.kinds);
}

/** Score of "same book" between two records, or null when they are not the same book. */
export function sameBook(a: RecordFacts, b: RecordFacts): number | null {
  if (signature(a) !== signature(b)) return null;
  if (a.asin !== null && a.asin === b.asin) return 1;
  if (a.isbn !== null && a.isbn === b.isbn) return 1;
  const r = compareBooks(a.content, b.content);
  return r.same ? r.score : null;
}

export function groupRecords(records: RecordFacts[]): BookGroup[] {
  const ordered = [...records].sort((x, y) => x.rank - y.rank);
  const groups: BookGroup[] = [];
  for (const r of ordered) {
    let best: { group: BookGroup; score: number } | null = null;
    for (const g of groups) {
      let score = -1;
      for (const m of g.members) score = Math.max(score, sameBook(r, m) ?? -1);
      if (score >= 0 && (!best || score > best.score)) best = { group: g, score };
    }
    if (best) best.group.members.push(r);
    else groups.push({ members: [r], kinds: new Set(r.kinds) });
  }
  // Groups that came to share an identifier through later members are one book.
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (shareIdentifier(groups[i]!, groups[j]!) && signatureOf(groups[i]!) === signatureOf(groups[j]!)) {
        groups[i]!.members.push(...groups[j]!.members);
        groups.splice(j, 1);
        j = i;
      }
    }
  }
  // The dedupe key of a proposal: the first author and the title key. Two groups that share it are one book.
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (signatureOf(groups[i]!) === signatureOf(groups[j]!) && shareAuthorTitleKey(groups[i]!, groups[j]!)) {
        groups[i]!.members.push(...groups[j]!.members);
        groups.splice(j, 1);
        j = i;
      }
    }
  }
  // Audible lists one book per position of a series: two Audible groups of one author at the same whole position
  // of the same series are regional editions ("Northern Lights" / "The Golden Compass", His Dark Materials #1).
  for (let i = 0; i < groups.length; i++) {
    for (let j = i + 1; j < groups.length; j++) {
      if (signatureOf(groups[i]!) === signatureOf(groups[j]!) && sameAudiblePosition(groups[i]!, groups[j]!)) {
        groups[i]!.members.push(...groups[j]!.members);
        groups.splice(j, 1);
        j = i;
      }
    }
  }
  for (const g of groups) g.kinds = new Set(g.members.flatMap((m) => [...m.kinds]));
  return groups;
}

export function signatureOf(g: BookGroup): string {
  return signature(g.members[0]!);
}

function shareIdentifier(a: BookGroup, b: BookGroup): boolean {
  const ids = new Set<string>();
  for (const m of a.members) {
    if (m.asin) ids.add(`a:${m.asin}`);
    if (m.isbn) ids.add(`i:${m.isbn}`);
  }
  return b.members.some((m) => (m.asin !== null && ids.has(`a:${m.asin}`)) || (m.isbn !== null && ids.has(`i:${m.isbn}`)));
}

function sameAudiblePosition(a: BookGroup, b: BookGroup): boolean {
  const audible = (g: BookGroup) => g.members.filter((m) => m.rank === 0);
  for (const x of audible(a)) {
    for (const y of audible(b)) {
      if (!sharesAuthor(x.record.authors, y.record.authors)) continue;
      for (const cx of x.claims) {
        if (cx.raw === null || cx.position?.kind !== 'single') continue;
        // The very series (equal names), not a sub-series or a longer name that contains it ("Discworld - City Watch").
        if (y.claims.some((cy) => cy.raw !== null && cy.position?.kind === 'single' && cy.position.start === cx.position!.start && cx.name.join(' ') === cy.name.join(' '))) return true;
      }
    }
  }
  return false;
}

function authorTitleKeys(g: BookGroup): Set<string> {
  const keys = new Set<string>();
  for (const m of g.members) {
    const first = splitAuthors(m.record.authors)[0];
    const surname = first ? normalizeAuthorName(first).split(' ').pop() : undefined;
    const title = normalizeTitle(m.record.title);
    if (surname && title !== '') keys.add(`${surname}|${title}`);
  }
  return keys;
}

function shareAuthorTitleKey(a: BookGroup, b: BookGroup): boolean {
  const ka = authorTitleKeys(a);
  for (const k of authorTitleKeys(b)) if (ka.has(k)) return true;
  return false;
}
