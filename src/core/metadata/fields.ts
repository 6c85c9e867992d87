import { normalizeAsin, normalizeIsbn, parsePersonsList } from './persons.js';
import { initialsKey, sameNames, sameSeries, sameText, seriesKey, yearOf } from './field-equality.js';
import { cleanBookTitle, cleanPersonNames, cleanSequence, cleanSubtitle, seriesFromText } from './values.js';
import type { CandidateVerdict, FieldName, LibraryItem, MetadataCandidate, ProposedField, ProposedFields, SeriesValue } from './types.js';

/**
 * The proposed value of each field from the records judged to be this very book, and the never-downgrade rules:
 * a field the library already has right (equal as the scorer compares) is confirmed, not proposed; an empty value
 * never replaces a value; a full author list is never replaced by fewer names unless the names left out are
 * narrators; a series without a position never replaces one with a position; the year is the earliest any of the
 * records gives (Open Library and Hardcover carry the first publication, Audible and Google Books their edition's),
 * and a library year at or before it is kept.
 */

export interface Matched {
  candidate: MetadataCandidate;
  verdict: CandidateVerdict;
}

/** Which provider's value of a field is trusted first. */
const PRIORITY: Record<string, readonly MetadataCandidate['source'][]> = {
  title: ['audnexus', 'hardcover', 'googleBooks', 'openLibrary'],
  authors: ['hardcover', 'audnexus', 'openLibrary', 'googleBooks'],
  series: ['audnexus', 'hardcover', 'googleBooks', 'openLibrary'],
  isbn: ['hardcover', 'openLibrary', 'googleBooks', 'audnexus'],
  cover: ['audnexus', 'hardcover', 'openLibrary', 'googleBooks'],
  description: ['audnexus', 'hardcover', 'googleBooks', 'openLibrary'],
};

function byPriority(matched: readonly Matched[], field: keyof typeof PRIORITY): Matched[] {
  const order = PRIORITY[field]!;
  return [...matched].sort((a, b) => order.indexOf(a.candidate.source) - order.indexOf(b.candidate.source) || b.verdict.score - a.verdict.score);
}

/** 0-100: how sure the record is this book, plus a little for every other record that gives the same value. */
function confidence(source: Matched, agreeing: number): number {
  return Math.min(100, Math.round(source.verdict.score * 90) + 5 * Math.max(0, agreeing - 1) + (source.verdict.reasons.includes('duration-agrees') ? 5 : 0));
}

interface Choice<T> {
  value: T;
  from: Matched;
  agreeing: number;
}

/** The first value by priority, with how many matched records give an equal one. */
function choose<T>(ordered: Matched[], read: (m: Matched) => T | null, same: (a: T, b: T) => boolean): Choice<T> | null {
  const values = ordered.map((m) => ({ m, v: read(m) })).filter((x): x is { m: Matched; v: T } => x.v !== null);
  const first = values[0];
  if (!first) return null;
  return { value: first.v, from: first.m, agreeing: values.filter((x) => same(x.v, first.v)).length };
}

function field<T>(c: Choice<T>): { value: T; source: string; confidence: number } {
  return { value: c.value, source: c.from.candidate.ref, confidence: confidence(c.from, c.agreeing) };
}

export interface FieldDecision {
  fields: ProposedFields;
  confirmed: FieldName[];
}

export function decideFields(item: LibraryItem, matched: readonly Matched[]): FieldDecision {
  const fields: ProposedFields = {};
  const confirmed: FieldName[] = [];
  if (matched.length === 0) return { fields, confirmed };
  const put = <K extends FieldName>(name: K, proposal: ProposedField<K> | null, libraryRight: boolean) => {
    if (libraryRight) confirmed.push(name);
    else if (proposal !== null) (fields as Record<string, unknown>)[name] = proposal;
  };
  /** Proposed only when the library has no value; a value it has is confirmed when a record agrees, else kept. */
  const putUnlessPresent = <K extends FieldName, V>(name: K, proposal: ProposedField<K>, own: V | null, agrees: (own: V) => boolean) => {
    if (own === null) put(name, proposal, false);
    else if (agrees(own)) confirmed.push(name);
  };

  // Title (and a subtitle fused into an Open Library title), without the text of any series a record names.
  const seriesNames = [...item.series, ...matched.flatMap((m) => seriesOf(m) ?? m.candidate.series)].map((x) => x.name);
  const titles = choose(
    byPriority(matched, 'title'),
    (m) => cleanBookTitle(m.candidate.title, m.candidate.source === 'openLibrary' && m.candidate.subtitle === null, seriesNames),
    (a, b) => sameText(a.title, b.title),
  );
  if (titles && titles.value.title !== '') {
    put('title', { ...field(titles), value: titles.value.title }, sameText(item.title, titles.value.title));
  }

  // Subtitle: only where the library has none of its own (empty, series text or noise).
  const subtitles = choose(
    byPriority(matched, 'title'),
    (m) => cleanSubtitle(m.candidate.subtitle) ?? (m === titles?.from ? titles.value.fusedSubtitle : null),
    sameText,
  );
  const ownSubtitle = cleanSubtitle(item.subtitle);
  if (subtitles && (ownSubtitle === null || sameText(ownSubtitle, subtitles.value))) {
    put('subtitle', field(subtitles), sameText(item.subtitle, subtitles.value));
  }

  decideAuthors(item, matched, put);
  decideNarrators(item, matched, put);
  decideSeries(item, matched, put);
  decideYear(item, matched, put);

  // Identifiers: set when the library has none; a library identifier is never replaced.
  const asins = choose(byPriority(matched, 'title'), (m) => normalizeAsin(m.candidate.asin), (a, b) => a === b);
  if (asins) putUnlessPresent('asin', field(asins), normalizeAsin(item.asin), (own) => own === asins.value);
  const isbns = choose(byPriority(matched, 'isbn'), (m) => normalizeIsbn(m.candidate.isbn), (a, b) => a === b);
  if (isbns) putUnlessPresent('isbn', field(isbns), normalizeIsbn(item.isbn), (own) => matched.some((m) => normalizeIsbn(m.candidate.isbn) === own));

  // Descriptive fields: only where the library has nothing.
  const audio = byPriority(matched, 'title').filter((m) => m.candidate.source === 'audnexus');
  const publisher = choose(audio.length > 0 ? audio : byPriority(matched, 'title'), (m) => nonEmpty(m.candidate.publisher), sameText);
  if (publisher) putUnlessPresent('publisher', field(publisher), nonEmpty(item.publisher), (own) => matched.some((m) => sameText(m.candidate.publisher, own)));
  const description = choose(byPriority(matched, 'description'), (m) => nonEmpty(m.candidate.description), (a, b) => a === b);
  if (description) putUnlessPresent('description', field(description), nonEmpty(item.description), () => false);
  const cover = choose(byPriority(matched, 'cover'), (m) => nonEmpty(m.candidate.coverUrl), (a, b) => a === b);
  if (cover) putUnlessPresent('cover', field(cover), nonEmpty(item.coverUrl), () => false);
  if (!item.language || languageCode(item.language) === null) {
    const best = byPriority(matched, 'title')[0]!;
    put('language', { value: 'en', source: best.candidate.ref, confidence: confidence(best, matched.length) }, false);
  }
  return { fields, confirmed };
}

type Put = <K extends FieldName>(name: K, proposal: ProposedField<K> | null, libraryRight: boolean) => void;

function decideAuthors(item: LibraryItem, matched: readonly Matched[], put: Put): void {
  const authors = choose(
    byPriority(matched, 'authors'),
    (m) => {
      const names = cleanPersonNames(m.candidate.authors);
      return names.length > 0 ? names : null;
    },
    sameNames,
  );
  if (!authors) return;
  if (sameNames(item.authors, authors.value)) return put('authors', null, true);
  const library = parsePersonsList(item.authors);
  const proposed = parsePersonsList(authors.value);
  const narrators = parsePersonsList([...item.narrators, ...matched.flatMap((m) => m.candidate.narrators)]);
  // Names the proposal leaves out must be narrators (or translators no record credits) — never a co-author.
  const left = library.filter((p) => !proposed.includes(p));
  const leftAreNarrators = left.every((p) => narrators.includes(p));
  // Audible and Hardcover credit authors apart from narrators and translators; a shorter list from Google Books or
  // Open Library (which may keep only the first author) needs a second record to agree.
  const creditsApart = authors.from.candidate.source === 'audnexus' || authors.from.candidate.source === 'hardcover';
  const nobodyCreditsLeft = left.every((p) => !matched.some((m) => parsePersonsList(m.candidate.authors).includes(p)));
  const trusted = leftAreNarrators || (nobodyCreditsLeft && (creditsApart || authors.agreeing >= 2));
  if (library.length > proposed.length && !trusted) return put('authors', null, false);
  put('authors', field(authors), false);
}

function decideNarrators(item: LibraryItem, matched: readonly Matched[], put: Put): void {
  const narrators = choose(
    byPriority(matched, 'title'),
    (m) => {
      const names = cleanPersonNames(m.candidate.narrators);
      return names.length > 0 ? names : null;
    },
    sameNames,
  );
  if (!narrators) return;
  if (sameNames(item.narrators, narrators.value)) return put('narrators', null, true);
  // A library list is only replaced by one that holds all its names (a partial list completed).
  const proposed = new Set(narrators.value.map(initialsKey));
  if (!item.narrators.every((n) => proposed.has(initialsKey(n)))) return;
  put('narrators', field(narrators), false);
}

function seriesOf(m: Matched): SeriesValue[] | null {
  const c = m.candidate;
  // A series without a position (Open Library's, or an imprint such as "Penguin Classics") is not proposed.
  const own = c.series
    .map((s) => ({ name: s.name.trim(), sequence: cleanSequence(s.sequence) }))
    .filter((s) => s.name !== '' && s.sequence !== null);
  if (own.length > 0) return own;
  const fromSubtitle = seriesFromText(c.subtitle);
  return fromSubtitle ? [fromSubtitle] : null;
}

function decideSeries(item: LibraryItem, matched: readonly Matched[], put: Put): void {
  const series = choose(byPriority(matched, 'series'), seriesOf, sameSeries);
  if (!series) return;
  if (sameSeries(item.series, series.value)) return put('series', null, true);
  // Every series the library names with a position must still be there, unless the proposal places the book in it.
  const proposedKeys = new Set(series.value.map(seriesKey));
  const lost = item.series.filter((s) => !proposedKeys.has(seriesKey(s)) && !series.value.some((p) => sameText(p.name, s.name) || nameWithin(p.name, s.name)));
  if (lost.length > 0 && series.agreeing < 2) return;
  put('series', field(series), false);
}

function nameWithin(a: string, b: string): boolean {
  const x = ` ${initialsKey(a)} `;
  const y = ` ${initialsKey(b)} `;
  return x.includes(y) || y.includes(x);
}

function decideYear(item: LibraryItem, matched: readonly Matched[], put: Put): void {
  const years = matched
    .map((m) => ({ m, y: m.candidate.publishedYear }))
    .filter((x): x is { m: Matched; y: number } => x.y !== null && x.y > 0)
    .sort((a, b) => a.y - b.y || firstPublication(b.m) - firstPublication(a.m));
  const earliest = years[0];
  if (!earliest) return;
  const agreeing = years.filter((x) => x.y === earliest.y).length;
  const proposal: ProposedField<'publishedYear'> = { value: earliest.y, source: earliest.m.candidate.ref, confidence: confidence(earliest.m, agreeing) };
  const own = yearOf(item.publishedYear);
  // No record of the book gives a year before its first publication: a library year at or before the earliest stays.
  put('publishedYear', proposal, own !== null && own <= earliest.y);
}

/** 1 for records that carry the work's first publication year (Open Library, Hardcover). */
function firstPublication(m: Matched): number {
  return m.candidate.source === 'openLibrary' || m.candidate.source === 'hardcover' ? 1 : 0;
}

function nonEmpty(s: string | null | undefined): string | null {
  return s == null || s.trim() === '' ? null : s.trim();
}

export function languageCode(language: string): string | null {
  const l = language.trim().toLowerCase();
  if (['en', 'eng', 'english', 'en-us', 'en-gb'].includes(l)) return 'en';
  return /^[a-z]{2}$/.test(l) ? l : null;
}
