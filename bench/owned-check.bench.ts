import { compareBooks, createOwnedIndex } from '../src/core/matching/index.js';
import type { BookRecord } from '../src/core/matching/index.js';
import type { BenchRow } from './types.js';
import { rng } from './support/rng.js';

// The owned check ("is this provider candidate already in my library?") runs for every discovery and
// search result, so it must handle thousands of candidates per second against a large library. This builds
// a deterministic 10,000-book mirror (3,000 series, 1,500 authors, co-authored books, narrators, scanner-style
// titles) and checks 20,000 provider-style candidates, half of them owned.

const LIBRARY_SIZE = 10_000;
const SERIES = 3_000;
const AUTHORS = 1_500;
const CANDIDATES = 20_000;

const FIRST = 'James Mary Robert Linda Michael Susan David Karen Daniel Nancy Brandon Octavia Neil Ursula Terry Iain Leigh Naomi Pierce Adrian Cixin Ann Joe Arkady Becky Martha Ted Kim Rebecca Ken Tamsyn Nnedi Ada Yoon Hugo Ramez Blake Andy Nick Sarah Travis Sylvain Emily Tade Fonda Catherine Lois Connie'.split(' ');
const LAST = 'Abercrombie Sanderson Butler Gaiman Pratchett Banks Bardugo Novik Brown Tchaikovsky Liu Leckie Martine Chambers Wells Chiang Kowal Muir Okorafor Jemisin Kuang Howey Naam Crouch Weir Jemison Maas Baldree Neuvel Emiko Thompson Lee Cherryh Bujold Willis Robinson Reynolds Hamilton Corey Abraham Franck Rothfuss Lynch Hobb Jordan Erikson Cook Kay Wolfe Vance Zelazny Herbert Asimov Clarke Heinlein Bester Delany Russ Tiptree Dick Gibson Stephenson Vinge Simmons Brin Niven Pournelle Card Scalzi Stross Doctorow Watts Egan Baxter Reynolds Morgan Grimwood Older Harrow Valente Addison Wexler Sullivan Lawrence Gwynne Ryan Islington Kingfisher Hendrix Tremblay Jones Rowling Riordan Collins Roth Dashner Meyer Paolini'.split(' ');
const ADJ = 'Dark Silent Broken Hidden Burning Last First Iron Golden Crimson Shattered Endless Quiet Fallen Hollow Bitter Wild Silver Lost Forgotten Frozen Scarlet Pale Ancient Final Distant Sacred Savage Gilded Drowned Ashen Bright Black White Red Glass Stone Winter Summer Midnight Twilight Storm Shadow Blood Star Sun Moon Sky Sea Ember Thorn'.split(' ');
const NOUN = 'Empire Crown Throne Forest City Sea Star Gate Tower Road River Sword Blade Heart Song Garden Kingdom Key Door Bridge Mirror Flame Wolf Raven Dragon Queen King Prince Witch Tide Wind Harbor Library Map Clock Engine Machine Signal Orbit Colony Station Fleet Archive Covenant Oath Legacy Prophecy Hunt War Peace Storm Shore Island Mountain Valley Desert Winter Night Dawn Dusk Veil Path Wall Gardener Cartographer Alchemist Navigator Thief Assassin'.split(' ');
const SERIES_TAIL = ['Saga', 'Chronicles', 'Cycle', 'Trilogy', 'Sequence', 'Archive', 'Quartet', 'Series', ''];

interface Generated {
  books: (BookRecord & { id: string })[];
  candidates: { record: BookRecord; ownedId: string | null }[];
}

function generate(): Generated {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const authors: string[] = [];
  const authorSet = new Set<string>();
  while (authors.length < AUTHORS) {
    const middle = r() < 0.3 ? ` ${String.fromCharCode(65 + Math.floor(r() * 26))}.` : '';
    const name = `${pick(FIRST)}${middle} ${pick(LAST)}${r() < 0.5 ? '' : `-${pick(LAST)}`}`;
    if (!authorSet.has(name)) {
      authorSet.add(name);
      authors.push(name);
    }
  }
  const usedTitles = new Set<string>();
  const title = (): string => {
    for (;;) {
      const shape = Math.floor(r() * 4);
      const t =
        shape === 0 ? `The ${pick(ADJ)} ${pick(NOUN)}`
        : shape === 1 ? `${pick(NOUN)} of ${pick(ADJ)} ${pick(NOUN)}s`
        : shape === 2 ? `A ${pick(NOUN)} of ${pick(NOUN)} and ${pick(NOUN)}`
        : `${pick(ADJ)} ${pick(NOUN)} ${pick(NOUN)}`;
      if (!usedTitles.has(t.toLowerCase())) {
        usedTitles.add(t.toLowerCase());
        return t;
      }
    }
  };
  const series = Array.from({ length: SERIES }, () => ({
    name: `${r() < 0.4 ? 'The ' : ''}${pick(ADJ)} ${pick(NOUN)} ${pick(SERIES_TAIL)}`.trim(),
    author: pick(authors),
    next: 1,
  }));
  const books: Generated['books'] = [];
  const plain: { title: string; authors: string[]; series: { name: string; sequence: string | null }[]; asin: string | null }[] = [];
  for (let i = 0; i < LIBRARY_SIZE; i++) {
    const inSeries = r() < 0.7 ? pick(series) : null;
    const main = inSeries ? inSeries.author : pick(authors);
    const coAuthors = r() < 0.12 ? [main, pick(authors)] : [main];
    const t = title();
    const seq = inSeries ? inSeries.next++ : null;
    const seriesList = inSeries ? [{ name: inSeries.name, sequence: String(seq) }] : [];
    const asin = r() < 0.5 ? `B0${String(i).padStart(8, '0')}` : null;
    plain.push({ title: t, authors: coAuthors, series: seriesList, asin });
    // Library side: what an Audiobookshelf scanner makes of folders and tags.
    const style = r();
    const libTitle =
      style < 0.2 && inSeries ? `${inSeries.name} ${String(seq).padStart(2, '0')} - ${t}`
      : style < 0.35 ? `${t} (Unabridged)`
      : style < 0.45 ? `${coAuthors[0]} - ${t}`
      : style < 0.5 ? t.replace(/ /g, '_')
      : t;
    const libAuthors = coAuthors.map((a) => (r() < 0.3 ? a.replace(/^(.*) (\S+)$/, '$2, $1') : a));
    if (r() < 0.25) libAuthors.push(`${pick(FIRST)} ${pick(LAST)}`); // narrator tagged as author
    books.push({
      id: `li_${i}`,
      title: libTitle,
      subtitle: null,
      authors: libAuthors,
      narrators: [`${pick(FIRST)} ${pick(LAST)}`],
      series: seriesList.map((s) => ({ name: s.name, sequence: r() < 0.2 ? `Book ${s.sequence}` : s.sequence })),
      asin: r() < 0.6 ? asin : null,
      isbn: null,
    });
  }
  const candidates: Generated['candidates'] = [];
  for (let i = 0; i < CANDIDATES; i++) {
    if (i % 2 === 0) {
      // An owned book as a provider lists it (Audible style: series in the subtitle).
      const n = Math.floor(r() * LIBRARY_SIZE);
      const p = plain[n]!;
      const s = p.series[0];
      candidates.push({
        ownedId: `li_${n}`,
        record: {
          title: p.title,
          subtitle: s ? `${s.name}, Book ${s.sequence}` : null,
          authors: p.authors,
          series: p.series,
          asin: r() < 0.3 ? p.asin : null,
        },
      });
    } else {
      // Not owned: the next book of an owned series, or a new book by an owned author.
      const s = pick(series);
      const sibling = r() < 0.5;
      candidates.push({
        ownedId: null,
        record: {
          title: title(),
          subtitle: null,
          authors: [sibling ? s.author : pick(authors)],
          series: sibling ? [{ name: s.name, sequence: String(s.next + Math.floor(r() * 3)) }] : [],
          asin: null,
        },
      });
    }
  }
  return { books, candidates };
}

export async function run(): Promise<BenchRow[]> {
  const { books, candidates } = generate();

  const buildStart = process.hrtime.bigint();
  const index = createOwnedIndex(books);
  const buildMs = Number(process.hrtime.bigint() - buildStart) / 1e6;

  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  let found = 0;
  let wrongOwned = 0;
  let falseOwned = 0;
  for (const c of candidates) {
    const hit = index.findOwned(c.record);
    if (c.ownedId !== null) {
      if (hit?.id === c.ownedId) found++;
      else if (hit) wrongOwned++;
    } else if (hit) {
      falseOwned++;
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const wallSeconds = Number(process.hrtime.bigint() - wallStart) / 1e9;
  const perSecond = Math.round(candidates.length / cpuSeconds);
  const owned = candidates.filter((c) => c.ownedId !== null).length;

  // The index must agree with the pairwise comparison: spot-check that a found book really compares same.
  const sample = candidates.slice(0, 200).filter((c) => c.ownedId !== null);
  const byId = new Map(books.map((b) => [b.id, b]));
  const disagreements = sample.filter((c) => !compareBooks(byId.get(c.ownedId!)!, c.record).same).length;

  return [
    { name: 'owned-check: index build (10,000 books)', value: Math.round(buildMs), unit: 'ms' },
    {
      name: 'owned-check: candidates checked (CPU)',
      value: perSecond,
      unit: 'candidates/s',
      target: '>= 5000',
      pass: perSecond >= 5000,
    },
    { name: 'owned-check: candidates checked (wall)', value: Math.round(candidates.length / wallSeconds), unit: 'candidates/s' },
    { name: 'owned-check: owned candidates found', value: Math.round((found / owned) * 1000) / 10, unit: '%' },
    { name: 'owned-check: owned matched to another book', value: wrongOwned, unit: 'candidates' },
    { name: 'owned-check: unowned reported owned', value: falseOwned, unit: 'candidates' },
    { name: 'owned-check: pairwise disagreements (sample)', value: disagreements, unit: 'pairs' },
  ];
}
