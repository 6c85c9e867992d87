import { IntegrationError, MemoryResponseCache, SERVICE_DEFAULTS, createServiceHttpClient } from '../http/index.js';
import type { HttpClient, ResponseCache } from '../http/index.js';
import type { ProviderClientOptions } from '../providers/provider-options.js';
import { httpOptions } from '../providers/provider-options.js';
import { mapAudibleProduct, seriesMembers } from './audible.mapper.js';
import type { AudibleWireProduct } from './audible.schemas.js';
import { audibleProductResponseSchema, audibleProductsResponseSchema } from './audible.schemas.js';
import type {
  AudibleBatch,
  AudibleLookupOptions,
  AudibleProduct,
  AudibleRegion,
  AudibleSearchPage,
  AudibleSearchQuery,
  AudibleSeries,
} from './audible.types.js';
import { AUDIBLE_TLDS } from './audible.types.js';

const SERVICE = 'audible';
/**
 * Audible's caps: ASINs per batch call (xFrieDSpuDx/completeseries `src/integrations/metadata/audibleProvider.ts`
 * batches by 50), results per search page (num_results max 50, mkb79/Audible `docs/source/misc/external_api.rst`).
 */
export const MAX_BATCH_ASINS = 50;
export const MAX_PAGE_SIZE = 50;
const DEFAULT_PAGE_SIZE = 20;
/** Every field the mapper reads, and the 500 px cover. Without a group its fields are simply absent. */
const RESPONSE_GROUPS = 'contributors,media,product_attrs,product_desc,product_extended_attrs,relationships,series,sku';
const IMAGE_SIZES = '500';
const PRODUCT_TTL_MS = SERVICE_DEFAULTS.audible.cacheTtlMs;
/** Search results move (new releases, ranking) faster than products do. */
const SEARCH_TTL_MS = 12 * 60 * 60 * 1000;
/** Audible's ASIN shape: B + 9, or ISBN-10-like (older titles). */
const ASIN = /^(B[0-9A-Z]{9}|\d{9}[\dX])$/;

export interface AudibleClientOptions extends ProviderClientOptions {
  /** The marketplace; `us` when omitted. */
  region?: AudibleRegion;
}

/**
 * The API root for a region: `https://api.audible.{tld}`, or the override (a proxy, the test fake) with `{region}`
 * replaced by the region code, so one AUDIBLE_BASE_URL can serve every marketplace.
 */
export function audibleBaseUrl(region: AudibleRegion, override?: string): string {
  return override ? override.replaceAll('{region}', region) : `https://api.audible.${AUDIBLE_TLDS[region]}`;
}

/**
 * Audible's public (unauthenticated) catalogue for one marketplace: products by ASIN alone or in batches, series
 * containers and their members, and search. An unknown ASIN is a typed `not_found`; a 429, 5xx or timeout is an
 * IntegrationError of its own code, never an empty result. Products are cached for days, searches for hours.
 */
export class AudibleClient {
  readonly name = SERVICE;
  readonly region: AudibleRegion;
  private readonly http: HttpClient;
  private readonly cache: ResponseCache;

  constructor(options: AudibleClientOptions) {
    this.region = options.region ?? 'us';
    // Politeness needs the cache even without a database: in memory when none is given.
    this.cache = options.cache ?? new MemoryResponseCache(options.clock);
    const base = audibleBaseUrl(this.region, options.baseUrl);
    this.http = createServiceHttpClient(SERVICE, httpOptions({ ...options, baseUrl: base, cache: this.cache }, base));
  }

  /** One product (book, series container, bundle); `not_found` when the marketplace has none under that ASIN. */
  async getProduct(asin: string, options: AudibleLookupOptions = {}): Promise<AudibleProduct> {
    const clean = this.asin('getProduct', asin);
    const key = productKey(this.region, clean);
    const body = await this.http.request({
      operation: 'getProduct',
      url: `1.0/catalog/products/${clean}`,
      params: { response_groups: RESPONSE_GROUPS, image_sizes: IMAGE_SIZES },
      schema: audibleProductResponseSchema,
      cacheKey: key,
      forceRefresh: options.forceRefresh ?? false,
    });
    const product = mapAudibleProduct(body.product, this.region, clean);
    if (product) return product;
    // An empty stub (suppressed or not sold here) may be temporary: not kept as if it were an answer.
    await this.cache.delete(SERVICE, key).catch(() => undefined);
    throw notFound('getProduct', `${clean} has no catalogue product in region ${this.region}`);
  }

  /**
   * Many products, in calls of at most 50 ASINs made one after another; cached products are not asked for again,
   * and every fetched product is cached under the same key as getProduct. ASINs without a product are `missing`.
   */
  async getProducts(asins: readonly string[], options: AudibleLookupOptions = {}): Promise<AudibleBatch> {
    const wanted = [...new Set(asins.map((a) => this.asin('getProducts', a)))];
    const found = new Map<string, AudibleProduct>();
    if (!options.forceRefresh) {
      const cached = await Promise.all(wanted.map((asin) => this.fromCache(asin)));
      for (const product of cached) if (product) found.set(product.asin, product);
    }
    const toFetch = wanted.filter((a) => !found.has(a));
    for (let start = 0; start < toFetch.length; start += MAX_BATCH_ASINS) {
      const chunk = toFetch.slice(start, start + MAX_BATCH_ASINS);
      const body = await this.http.request({
        operation: 'getProducts',
        url: '1.0/catalog/products',
        params: { asins: chunk.join(','), response_groups: RESPONSE_GROUPS, image_sizes: IMAGE_SIZES },
        schema: audibleProductsResponseSchema,
      });
      const inChunk = new Set(chunk);
      for (const wire of body.products) {
        const product = mapAudibleProduct(wire, this.region);
        if (!product || !inChunk.has(product.asin)) continue;
        found.set(product.asin, product);
        await this.toCache(product.asin, wire);
      }
    }
    return {
      products: wanted.flatMap((a) => found.get(a) ?? []),
      missing: wanted.filter((a) => !found.has(a)),
    };
  }

  /** A series container and its members in series order; `bad_request` when the ASIN is a product but no series. */
  async getSeries(seriesAsin: string, options: AudibleLookupOptions = {}): Promise<AudibleSeries> {
    const product = await this.getProduct(seriesAsin, options);
    if (!product.isSeries) {
      throw new IntegrationError({
        service: SERVICE,
        operation: 'getSeries',
        code: 'bad_request',
        message: `${product.asin} is a ${product.deliveryType ?? 'product'}, not a series`,
      });
    }
    return { product, members: seriesMembers(product) };
  }

  /** One page of a catalogue search by title, author, narrator and/or keywords (Audible's relevance order). */
  async search(query: AudibleSearchQuery, options: AudibleLookupOptions = {}): Promise<AudibleSearchPage> {
    const terms = {
      title: query.title?.trim() || undefined,
      author: query.author?.trim() || undefined,
      narrator: query.narrator?.trim() || undefined,
      keywords: query.keywords?.trim() || undefined,
    };
    if (!Object.values(terms).some(Boolean)) {
      throw new IntegrationError({ service: SERVICE, operation: 'search', code: 'bad_request', message: 'a title, author, narrator or keywords are needed' });
    }
    const page = Math.max(0, Math.trunc(query.page ?? 0));
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? DEFAULT_PAGE_SIZE)));
    const body = await this.http.request({
      operation: 'search',
      url: '1.0/catalog/products',
      params: { ...terms, num_results: pageSize, page, products_sort_by: 'Relevance', response_groups: RESPONSE_GROUPS, image_sizes: IMAGE_SIZES },
      schema: audibleProductsResponseSchema,
      cacheKey: `search:${this.region}:${page}:${pageSize}:${JSON.stringify(terms).toLowerCase()}`,
      cacheTtlMs: SEARCH_TTL_MS,
      forceRefresh: options.forceRefresh ?? false,
    });
    const products = body.products.flatMap((w) => mapAudibleProduct(w, this.region) ?? []);
    const totalResults = body.total_results ?? page * pageSize + body.products.length;
    return { products, totalResults, page, pageSize, hasMore: (page + 1) * pageSize < totalResults };
  }

  private asin(operation: string, raw: string): string {
    const clean = raw.trim().toUpperCase();
    if (!ASIN.test(clean)) {
      throw new IntegrationError({ service: SERVICE, operation, code: 'bad_request', message: `not an ASIN: ${clean.slice(0, 20)}` });
    }
    return clean;
  }

  private async fromCache(asin: string): Promise<AudibleProduct | undefined> {
    try {
      const hit = await this.cache.get(SERVICE, productKey(this.region, asin));
      const parsed = hit ? audibleProductResponseSchema.safeParse(hit.body) : undefined;
      return parsed?.success ? (mapAudibleProduct(parsed.data.product, this.region, asin) ?? undefined) : undefined;
    } catch {
      return undefined; // a cache that cannot be read only costs a request
    }
  }

  private async toCache(asin: string, wire: AudibleWireProduct): Promise<void> {
    try {
      await this.cache.set(SERVICE, productKey(this.region, asin), { status: 200, body: { product: wire }, ttlMs: PRODUCT_TTL_MS });
    } catch {
      // the answer is good; a cache that cannot store it only costs a later request
    }
  }
}

function productKey(region: AudibleRegion, asin: string): string {
  return `product:${region}:${asin}`;
}

function notFound(operation: string, message: string): IntegrationError {
  return new IntegrationError({ service: SERVICE, operation, code: 'not_found', status: 404, message });
}
