import { normalizeText } from './text.js';

/**
 * Authors as scanners and providers write them: "Corey, James S.A.", "James S. A. Corey", "JK Rowling",
 * "Larry Niven and Jerry Pournelle", a narrator or translator appended to the list. A person is reduced to
 * a surname and a first given name (or initial); two names denote the same person when the surnames agree and
 * the given names are compatible. Extra names on one side (narrators, a missing co-author) never hurt.
 */

export interface Person {
  /** Normalised full name in "first … last" order, initials spaced: "j k rowling". */
  full: string;
  surname: string;
  /** First given name or initial, "" when the name is a single word ("Homer"). */
  given: string;
}

const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'dr', 'prof', 'sir', 'pere', 'fils']);
// Role markers that say the name is not an author of the work.
const ROLE_RE =
  /\s*[([]?\b(?:narrator|narrated by|read by|translator|translated by|editor|illustrator|illustrated by|illustrations by|adapter|adapted by|retold by|artist|art by|foreword by|introduction by)\b[)\]]?\s*/i;
const NON_AUTHOR_ROLE_RE =
  /\((?:narrator|translator|illustrator|editor|reader|adapter|artist|art)\)|^(?:narrated|read|translated|illustrated|adapted|retold|drawn) by\b|^(?:illustrations|art|pictures) by\b/i;
// Contributors of an illustrated or adapted version: not authors of the work, but they tell which product it is.
const CONTRIBUTOR_ROLE_RE =
  /\((?:illustrator|adapter|artist|art)\)|^(?:illustrated|adapted|retold|drawn) by\b|^(?:illustrations|art|pictures) by\b/i;
const ADAPTER_ROLE_RE = /\(adapter\)|^(?:adapted|retold) by\b/i;

/** Expands initials written together ("JK", "J.K.", "C.S.") into separate letters before folding. */
function spreadInitials(name: string): string {
  return name
    .replace(/\./g, '. ')
    .split(/\s+/)
    .map((w) => (/^[A-Z]{2,3}$/.test(w) && !/[AEIOUY]{2}/.test(w) ? w.split('').join(' ') : w))
    .join(' ');
}

/** Turns "Last, First" into "First Last" when the comma is a name inversion rather than a list. */
function uninvert(name: string): string {
  const parts = name.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 3 && SUFFIXES.has(normalizeText(parts[2]!))) return `${parts[1]} ${parts[0]}`;
  if (parts.length !== 2) return name;
  const [last, first] = parts as [string, string];
  if (SUFFIXES.has(normalizeText(first))) return last;
  return `${first} ${last}`;
}

/** Canonical comparable form of one author name: "Corey, James S.A." → "james s a corey". */
export function normalizeAuthorName(name: string): string {
  const cleaned = name.replace(ROLE_RE, ' ').trim();
  return normalizeText(spreadInitials(uninvert(cleaned)));
}

/** Is a comma-joined field a list of full names ("Brandon Sanderson, Michael Kramer") or one inverted name? */
function isNameList(parts: string[]): boolean {
  if (parts.length > 2) return parts.every((p) => p.trim().split(/\s+/).length >= 2);
  const [a, b] = parts.map((p) => p.trim()) as [string, string];
  const aw = a.split(/\s+/).length;
  const bw = b.split(/\s+/).length;
  // "Le Guin, Ursula K." and "García Márquez, Gabriel" are inversions: the second part is a given name
  // (one word, or ending in an initial). "Neil Gaiman, Terry Pratchett" is a list.
  if (aw === 1 || bw === 1 || /\b[A-Z]\.?$/.test(b) || SUFFIXES.has(normalizeText(b))) return false;
  return true;
}

/** Splits author fields into single names: ";", "&", " and ", " with ", and comma lists of full names. */
export function splitAuthors(field: string | string[]): string[] {
  const list = Array.isArray(field) ? field : [field];
  const out: string[] = [];
  for (const f of list) {
    if (NON_AUTHOR_ROLE_RE.test(f.trim())) continue;
    for (const piece of f.split(/\s*(?:;|&|\band\b|\bwith\b|\/)\s*/i)) {
      const p = piece.trim();
      if (p === '' || NON_AUTHOR_ROLE_RE.test(p)) continue;
      const commaParts = p.split(',').filter((c) => c.trim() !== '');
      if (commaParts.length >= 2 && isNameList(commaParts)) out.push(...commaParts.map((c) => c.trim()).filter((c) => !NON_AUTHOR_ROLE_RE.test(c)));
      else out.push(p);
    }
  }
  return out;
}

/**
 * Illustrators and adapters credited in an author field ("P. Craig Russell (Adapter)", "Illustrated by Jim Kay"),
 * which splitAuthors leaves out, and whether one of them is credited as adapting the work.
 */
export function parseContributors(field: string | string[]): { persons: Person[]; adapter: boolean } {
  const persons: Person[] = [];
  let adapter = false;
  for (const f of Array.isArray(field) ? field : [field]) {
    const whole = CONTRIBUTOR_ROLE_RE.test(f.trim());
    for (const piece of f.split(/\s*(?:;|&|\band\b|\bwith\b|\/|,)\s*/i)) {
      if (!whole && !CONTRIBUTOR_ROLE_RE.test(piece.trim())) continue;
      if (ADAPTER_ROLE_RE.test(piece.trim()) || ADAPTER_ROLE_RE.test(f.trim())) adapter = true;
      const p = toPerson(piece);
      if (p) persons.push(p);
    }
  }
  return { persons, adapter };
}

export function toPerson(name: string): Person | null {
  const words = normalizeAuthorName(name).split(' ').filter((w) => w !== '');
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1]!)) words.pop();
  while (words.length > 1 && SUFFIXES.has(words[0]!)) words.shift();
  if (words.length === 0) return null;
  return { full: words.join(' '), surname: words[words.length - 1]!, given: words.length > 1 ? words[0]! : '' };
}

// Placeholders taggers write when the author is not known; they must not make two books "by different people".
const PLACEHOLDERS = new Set(['unknown', 'unknown author', 'various', 'various authors', 'anonymous', 'anon', 'n a', 'na', 'none', 'author']);

export function parsePersons(field: string | string[]): Person[] {
  const seen = new Set<string>();
  const out: Person[] = [];
  for (const name of splitAuthors(field)) {
    if (PLACEHOLDERS.has(normalizeText(name))) continue;
    const p = toPerson(name);
    if (p && !seen.has(p.full)) {
      seen.add(p.full);
      out.push(p);
    }
  }
  return out;
}

/** Same surname and compatible first given name: "Iain Banks" = "Iain M. Banks", "Frank Herbert" ≠ "Brian Herbert". */
export function samePerson(a: Person, b: Person): boolean {
  if (a.full === b.full) return true;
  // Family name first or last ("Liu Cixin" / "Cixin Liu"): the same words in another order.
  if (a.surname !== b.surname) return a.given !== '' && sameWords(a.full, b.full);
  if (a.given === '' || b.given === '') return true;
  if (a.given.length === 1 || b.given.length === 1) return a.given[0] === b.given[0];
  return a.given === b.given;
}

function sameWords(a: string, b: string): boolean {
  const wa = a.split(' ').sort();
  const wb = b.split(' ').sort();
  return wa.length === wb.length && wa.every((w, i) => w === wb[i]);
}

/** Share of the smaller author list found in the other (0..1); narrators on one side do not lower it. */
export function personsOverlap(a: Person[], b: Person[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  let hit = 0;
  for (const p of small) if (large.some((q) => samePerson(p, q))) hit++;
  return hit / small.length;
}

export function authorsOverlap(a: string[], b: string[]): number {
  return personsOverlap(parsePersons(a), parsePersons(b));
}
