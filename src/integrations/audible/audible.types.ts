/**
 * The Audible catalogue as the rest of the service sees it: one marketplace's products (books, series containers,
 * bundles) with the fields gap finding and metadata correction decide on. Wire shapes live in audible.schemas.ts.
 */

/** Audible marketplaces (AUDIBLE_REGION). */
export const AUDIBLE_REGIONS = ['us', 'uk', 'ca', 'au', 'de', 'fr', 'it', 'es', 'in', 'jp'] as const;
export type AudibleRegion = (typeof AUDIBLE_REGIONS)[number];

/** The TLD of each marketplace's API host (`api.audible.{tld}`). */
export const AUDIBLE_TLDS: Record<AudibleRegion, string> = {
  us: 'com',
  uk: 'co.uk',
  ca: 'ca',
  au: 'com.au',
  de: 'de',
  fr: 'fr',
  it: 'it',
  es: 'es',
  in: 'in',
  jp: 'co.jp',
};

export interface AudibleContributor {
  name: string;
  /** Audible's author ASIN, when the product links one (narrators rarely have one). */
  asin: string | null;
}

/** One entry of a book's `series[]`: the series it belongs to and its position there. */
export interface AudibleSeriesLink {
  /** The series product's ASIN (per region); null when Audible gives none. */
  asin: string | null;
  title: string;
  /** Position text as given ("1", "0.5", "1-3", "2, Dramatized Adaptation"); null when unnumbered. */
  sequence: string | null;
}

/** One entry of a product's `relationships[]`: a link to its parent (series, bundle) or to a child (member, part). */
export interface AudibleRelationship {
  asin: string;
  /** `parent`: this product belongs to `asin`; `child`: `asin` belongs to this product. */
  direction: 'parent' | 'child';
  /** `series`, `component` (bundle parts), `season`, `episode`… as given. */
  type: string;
  sequence: string | null;
  /** Audible's own ordering key, parsed; null when absent or not a number. */
  sort: number | null;
  title: string | null;
}

export type AudibleFormat = 'unabridged' | 'abridged';

export interface AudibleProduct {
  asin: string;
  region: AudibleRegion;
  title: string;
  subtitle: string | null;
  authors: AudibleContributor[];
  narrators: string[];
  publisher: string | null;
  /** Plain text (Audible's HTML summaries converted); the publisher summary preferred over the merchandising one. */
  description: string | null;
  /** YYYY-MM-DD; null when absent or Audible's `2200-01-01` "unknown" placeholder. */
  releaseDate: string | null;
  /** True when Audible gave the `2200-01-01` placeholder (announced, date unknown). */
  releaseDatePlaceholder: boolean;
  /** ISO 639-1 when recognised ("english" → "en"), else Audible's value lower-cased. */
  language: string | null;
  runtimeMinutes: number | null;
  format: AudibleFormat | null;
  /** `SinglePartBook`, `MultiPartBook`, `BookSeries`, `Periodical`… as given. */
  deliveryType: string | null;
  /** `Product`, `Podcast`… as given. */
  contentType: string | null;
  /** A `BookSeries` container: the series object itself, never a book to own or acquire. */
  isSeries: boolean;
  /** Edition text in the title, subtitle or a series position says dramatized / full cast (a heuristic on the text). */
  dramatized: boolean;
  series: AudibleSeriesLink[];
  relationships: AudibleRelationship[];
  sku: string | null;
  /** SKU group: shared by editions of one work (abridged/unabridged, re-recordings). */
  skuLite: string | null;
  /** Audible's "publication" (often the primary series name). */
  publicationName: string | null;
  /** https URL of the 500 px cover. */
  coverUrl: string | null;
  /** Listed but not purchasable in this marketplace. */
  suppressed: boolean;
}

/** A series member as the series product lists it (not yet hydrated: fetch the ASINs with getProducts). */
export interface AudibleSeriesMember {
  asin: string;
  sequence: string | null;
  sort: number | null;
  title: string | null;
}

export interface AudibleSeries {
  /** The series container product itself (`isSeries` true). */
  product: AudibleProduct;
  /** Children ordered by `sort`, then by the leading number of `sequence`, then as listed. */
  members: AudibleSeriesMember[];
}

export interface AudibleBatch {
  /** In the order asked for; each at most once. */
  products: AudibleProduct[];
  /** Requested ASINs the marketplace had no product for (absent, or an empty stub of a suppressed product). */
  missing: string[];
}

export interface AudibleSearchQuery {
  title?: string;
  author?: string;
  narrator?: string;
  keywords?: string;
  /** 0-based, as Audible counts. */
  page?: number;
  /** 1–50 (Audible's cap); 20 when omitted. */
  pageSize?: number;
}

export interface AudibleSearchPage {
  products: AudibleProduct[];
  /** What Audible reports for the whole query (all pages). */
  totalResults: number;
  page: number;
  pageSize: number;
  hasMore: boolean;
}

export interface AudibleLookupOptions {
  /** Ignore the response cache (the fresh answer is cached again). */
  forceRefresh?: boolean;
}
