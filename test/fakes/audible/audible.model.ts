/**
 * The fake Audible catalogue: wire-shaped products (snake_case, as api.audible.* answers) per marketplace, and a
 * default catalogue that holds every case the gap finders trip over (contracts/audible.md "Known quirks"): one
 * franchise with two series objects numbered differently, a BookSeries container, a 2200-01-01 placeholder, an
 * abridged and a dramatized edition, an omnibus "1-3", a novella "2.5", a product with only the required fields, a
 * suppressed stub, and the same book under another ASIN in the UK store.
 */

export type FakeRegion = 'us' | 'uk' | 'ca' | 'au' | 'de' | 'fr' | 'it' | 'es' | 'in' | 'jp';
export const FAKE_REGIONS: readonly FakeRegion[] = ['us', 'uk', 'ca', 'au', 'de', 'fr', 'it', 'es', 'in', 'jp'];

export interface WireContributor {
  asin?: string;
  name: string;
}
export interface WireSeriesLink {
  asin: string;
  title: string;
  sequence?: string;
  url?: string;
}
export interface WireRelationship {
  asin: string;
  relationship_to_product: 'parent' | 'child';
  relationship_type: string;
  sequence?: string;
  sort?: string;
  title?: string;
  content_delivery_type?: string;
  sku_lite?: string;
}

/** A full product as the fake stores it; the server returns only the fields of the requested response groups. */
export interface AudibleFakeProduct {
  asin: string;
  /** A suppressed product: answered as a stub carrying only `asin` and `sku_lite`. */
  stub?: boolean;
  title?: string;
  subtitle?: string;
  authors?: WireContributor[];
  narrators?: WireContributor[];
  publisher_name?: string;
  publisher_summary?: string;
  merchandising_summary?: string;
  release_date?: string;
  issue_date?: string;
  language?: string;
  runtime_length_min?: number;
  format_type?: 'unabridged' | 'abridged';
  content_delivery_type?: string;
  content_type?: string;
  has_children?: boolean;
  series?: WireSeriesLink[];
  relationships?: WireRelationship[];
  sku?: string;
  sku_lite?: string;
  publication_name?: string;
  product_images?: Record<string, string>;
  is_purchasability_suppressed?: boolean;
}

/** Which fields each response group adds (rmcrackan/AudibleApi README); `asin` and `sku_lite` always come. */
export const GROUP_FIELDS: Record<string, readonly (keyof AudibleFakeProduct)[]> = {
  contributors: ['authors', 'narrators', 'publisher_name'],
  media: ['product_images'],
  product_attrs: [
    'content_delivery_type', 'content_type', 'format_type', 'has_children', 'issue_date', 'language', 'merchandising_summary',
    'release_date', 'runtime_length_min', 'publication_name', 'is_purchasability_suppressed',
  ],
  product_desc: ['title', 'subtitle'],
  product_extended_attrs: ['publisher_summary'],
  relationships: ['relationships'],
  series: ['series'],
  sku: ['sku'],
  // Accepted, but nothing the client reads.
  price: [], rating: [], sample: [], reviews: [], review_attrs: [], product_details: [], product_plans: [],
  product_plan_details: [], category_ladders: [], customer_rights: [], badges: [],
};

export const AUTHOR = { asin: 'B000AQUILL', name: 'Mara Quill' };

/** The ASINs of the default catalogue, by role. */
export const ASINS = {
  series: 'B0LANTSER1',
  chronological: 'B0LANTSER2',
  book1: 'B0LANTERN1',
  dramatized: 'B0LANTRNDR',
  book2: 'B0LANTERN2',
  book2Abridged: 'B0LANTRN2A',
  novella: 'B0LANTRN25',
  book3: 'B0LANTERN3',
  omnibus: 'B0LANTRN13',
  announced: 'B0LANTERN4',
  bare: 'B0BAREBOOK',
  suppressed: 'B0SUPPRESS',
  ukSeries: 'B0UKLANSER',
  ukBook1: 'B0UKLANTR1',
  ukBook2: 'B0UKLANTR2',
} as const;

const SERIES_TITLE = 'The Lantern Road';
const CHRONO_TITLE = 'The Lantern Road (Chronological Order)';

/** A complete unabridged single-part book by Mara Quill; override what a case needs. */
export function fakeBook(asin: string, title: string, overrides: Partial<AudibleFakeProduct> = {}): AudibleFakeProduct {
  return {
    asin,
    title,
    authors: [AUTHOR],
    narrators: [{ name: 'Tom Harlow' }],
    publisher_name: 'Quillfeather Audio',
    publisher_summary: `<p><b>${title}</b> continues the road.</p><p>Second paragraph &amp; more.</p>`,
    merchandising_summary: `<p>${title}, in short.</p>`,
    release_date: '2019-03-05',
    issue_date: '2019-03-05',
    language: 'english',
    runtime_length_min: 742,
    format_type: 'unabridged',
    content_delivery_type: 'SinglePartBook',
    content_type: 'Product',
    has_children: false,
    sku: `BK_QUIL_${asin.slice(-6)}`,
    sku_lite: `BK_QUIL_${asin.slice(-6)}`,
    publication_name: SERIES_TITLE,
    product_images: { '500': `http://m.media-amazon.com/images/I/${asin}._SL500_.jpg`, '1215': `https://m.media-amazon.com/images/I/${asin}._SL1215_.jpg` },
    is_purchasability_suppressed: false,
    ...overrides,
  };
}

/** A BookSeries container listing its members as child relationships. */
export function fakeSeries(asin: string, title: string, members: Array<{ asin: string; sequence?: string; sort?: string }>): AudibleFakeProduct {
  return {
    asin,
    title,
    content_delivery_type: 'BookSeries',
    content_type: 'Product',
    has_children: true,
    merchandising_summary: `<p>All of ${title}.</p>`,
    sku_lite: `SR_${asin}`,
    product_images: { '500': `https://m.media-amazon.com/images/I/${asin}._SL500_.jpg` },
    relationships: members.map((m) => ({
      asin: m.asin,
      relationship_to_product: 'child' as const,
      relationship_type: 'series',
      content_delivery_type: 'SinglePartBook',
      ...(m.sequence === undefined ? {} : { sequence: m.sequence }),
      ...(m.sort === undefined ? {} : { sort: m.sort }),
    })),
  };
}

/** A book's own `series[]` and parent relationships for the given (series ASIN, title, sequence) links. */
function inSeries(...links: Array<[string, string, string]>): Pick<AudibleFakeProduct, 'series' | 'relationships'> {
  return {
    series: links.map(([asin, title, sequence]) => ({ asin, title, sequence, url: `/pd/${asin}` })),
    relationships: links.map(([asin, , sequence]) => ({ asin, relationship_to_product: 'parent' as const, relationship_type: 'series', sequence, sort: sequence })),
  };
}

const pub = (seq: string): [string, string, string] => [ASINS.series, SERIES_TITLE, seq];
const chrono = (seq: string): [string, string, string] => [ASINS.chronological, CHRONO_TITLE, seq];

export function defaultCatalogue(): Record<FakeRegion, AudibleFakeProduct[]> {
  const us: AudibleFakeProduct[] = [
    fakeSeries(ASINS.series, SERIES_TITLE, [
      { asin: ASINS.book3, sequence: '3', sort: '4' },
      { asin: ASINS.book1, sequence: '1', sort: '1' },
      { asin: ASINS.dramatized, sequence: '1', sort: '1' },
      { asin: ASINS.book2, sequence: '2', sort: '2' },
      { asin: ASINS.book2Abridged, sequence: '2', sort: '2' },
      { asin: ASINS.novella, sequence: '2.5', sort: '3' },
      { asin: ASINS.omnibus, sequence: '1-3', sort: '5' },
      { asin: ASINS.announced, sequence: '4', sort: '6' },
    ]),
    fakeSeries(ASINS.chronological, CHRONO_TITLE, [
      { asin: ASINS.novella, sequence: '1', sort: '1' },
      { asin: ASINS.book1, sequence: '2', sort: '2' },
      { asin: ASINS.book2, sequence: '3', sort: '3' },
      { asin: ASINS.book3, sequence: '4', sort: '4' },
    ]),
    fakeBook(ASINS.book1, 'The Lantern Road', { subtitle: 'Book 1', ...inSeries(pub('1'), chrono('2')), sku_lite: 'BK_QUIL_000001' }),
    fakeBook(ASINS.dramatized, 'The Lantern Road (Dramatized Adaptation)', {
      narrators: [{ name: 'Full Cast' }, { name: 'Tom Harlow' }],
      runtime_length_min: 410,
      publisher_name: 'Quillfeather Dramas',
      ...inSeries(pub('1, Dramatized Adaptation')),
    }),
    fakeBook(ASINS.book2, 'Embers on the Road', { ...inSeries(pub('2'), chrono('3')), sku_lite: 'BK_QUIL_000002', release_date: '2020-06-02' }),
    fakeBook(ASINS.book2Abridged, 'Embers on the Road', {
      format_type: 'abridged',
      runtime_length_min: 301,
      narrators: [{ name: 'Jane Ortiz' }],
      ...inSeries(pub('2')),
      sku_lite: 'BK_QUIL_000002',
      release_date: '2020-09-15',
    }),
    fakeBook(ASINS.novella, 'The Lamplighter', { subtitle: 'A Lantern Road Novella', runtime_length_min: 95, ...inSeries(pub('2.5'), chrono('1')) }),
    fakeBook(ASINS.book3, 'The Last Lantern', { ...inSeries(pub('3'), chrono('4')), release_date: '2022-11-08' }),
    fakeBook(ASINS.omnibus, 'The Lantern Road: Books 1-3', { runtime_length_min: 2110, ...inSeries(pub('1-3')) }),
    fakeBook(ASINS.announced, 'Beyond the Lantern Road', { release_date: '2200-01-01', issue_date: '2200-01-01', runtime_length_min: 0, ...inSeries(pub('4')) }),
    // Only what Audible always sends for a real product: no narrators, series, summaries, images, runtime or date.
    { asin: ASINS.bare, title: 'Quiet Harbour', authors: [{ name: 'Ines Calder' }], content_delivery_type: 'SinglePartBook', sku_lite: 'BK_CALD_000001' },
    { asin: ASINS.suppressed, stub: true, sku_lite: 'BK_QUIL_000099' },
  ];
  const uk: AudibleFakeProduct[] = [
    fakeSeries(ASINS.ukSeries, SERIES_TITLE, [
      { asin: ASINS.ukBook1, sequence: '1', sort: '1' },
      { asin: ASINS.ukBook2, sequence: '2', sort: '2' },
    ]),
    fakeBook(ASINS.ukBook1, 'The Lantern Road', { subtitle: 'Book 1', publisher_name: 'Quillfeather UK', ...inSeries([ASINS.ukSeries, SERIES_TITLE, '1']), sku_lite: 'BK_QUIL_000001' }),
    fakeBook(ASINS.ukBook2, 'Embers on the Road', { publisher_name: 'Quillfeather UK', ...inSeries([ASINS.ukSeries, SERIES_TITLE, '2']), sku_lite: 'BK_QUIL_000002' }),
  ];
  return { us, uk, ca: [], au: [], de: [], fr: [], it: [], es: [], in: [], jp: [] };
}
