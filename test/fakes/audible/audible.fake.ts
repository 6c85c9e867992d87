/**
 * Fake Audible catalogue API (contracts/audible.md), one server for every marketplace: `/{region}/1.0/…` (and
 * `/1.0/…` as the US store), so AUDIBLE_BASE_URL=`<url>/{region}` points each region at its own catalogue.
 *
 * - GET /1.0/catalog/products/{asin}: `{product}`, 404 for an unknown ASIN, a stub `{asin, sku_lite}` for a
 *   suppressed one; only the fields of the requested response_groups (an unknown group → 400).
 * - GET /1.0/catalog/products?asins=A,B: `{products}` in request order, at most 50 (51 → 400); an unknown ASIN comes
 *   back as a stub `{asin}`, as Audible answers products it has no data for.
 * - GET /1.0/catalog/products?title=&author=&narrator=&keywords=&num_results=&page=: `{products, total_results}`,
 *   num_results ≤ 50, page from 0, series containers and stubs never listed.
 * - Faults from http-fake (429 with Retry-After, 500, timeout, …) with Audible-like `{message}` bodies; every
 *   request is in `requests`, and `catalogueCalls()` counts the catalogue ones.
 */
import express, { type Request, type Response } from 'express';
import { queryString, startHttpFake, type FakeServer } from '../http-fake.js';
import { FAKE_REGIONS, GROUP_FIELDS, defaultCatalogue, type AudibleFakeProduct, type FakeRegion } from './audible.model.js';

export interface AudibleFakeOptions {
  /** Products per region added to (or, with `empty`, instead of) the default catalogue. */
  products?: Partial<Record<FakeRegion, AudibleFakeProduct[]>>;
  empty?: boolean;
}

export interface AudibleFake extends FakeServer {
  /** The base URL for AUDIBLE_BASE_URL: `<url>/{region}`. */
  baseUrlTemplate: string;
  urlFor(region: FakeRegion): string;
  catalogue: Record<FakeRegion, Map<string, AudibleFakeProduct>>;
  seed(region: FakeRegion, ...products: AudibleFakeProduct[]): void;
  /** Requests that reached a catalogue route (optionally of one region), faults included. */
  catalogueCalls(region?: FakeRegion): number;
}

const MAX_ASINS = 50;
const MAX_RESULTS = 50;

export async function startAudibleFake(options: AudibleFakeOptions = {}): Promise<AudibleFake> {
  const catalogue = Object.fromEntries(FAKE_REGIONS.map((r) => [r, new Map<string, AudibleFakeProduct>()])) as AudibleFake['catalogue'];
  const seed = (region: FakeRegion, ...products: AudibleFakeProduct[]) => products.forEach((p) => catalogue[region].set(p.asin, p));
  const initial = options.empty ? undefined : defaultCatalogue();
  for (const region of FAKE_REGIONS) seed(region, ...(initial?.[region] ?? []), ...(options.products?.[region] ?? []));

  const regionOf = (res: Response): FakeRegion => (res.locals.region as FakeRegion | undefined) ?? 'us';
  const router = express.Router();
  router.get('/1.0/catalog/products/:asin', (req, res) => {
    const groups = responseGroups(req, res);
    if (!groups) return;
    const product = catalogue[regionOf(res)].get(String(req.params.asin).toUpperCase());
    if (!product) return void res.status(404).json({ message: `Product not found: ${req.params.asin}` });
    res.json({ product: project(product, groups, req), response_groups: ['always-returned', ...groups] });
  });
  router.get('/1.0/catalog/products', (req, res) => {
    const groups = responseGroups(req, res);
    if (!groups) return;
    const store = catalogue[regionOf(res)];
    const asins = queryString(req, 'asins');
    if (asins !== undefined) {
      const list = asins.split(',').map((a) => a.trim().toUpperCase()).filter(Boolean);
      if (list.length > MAX_ASINS) {
        return void res.status(400).json({
          message: `1 validation error detected: Value '[${list.join(', ')}]' at 'asins' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ASINS}`,
        });
      }
      const products = list.map((asin) => {
        const p = store.get(asin);
        return p ? project(p, groups, req) : { asin };
      });
      return void res.json({ products, response_groups: ['always-returned', ...groups] });
    }
    const numResults = Number(queryString(req, 'num_results') ?? '10');
    const page = Number(queryString(req, 'page') ?? '0');
    if (!Number.isInteger(numResults) || numResults < 1 || numResults > MAX_RESULTS) {
      return void res.status(400).json({ message: `1 validation error detected: Value '${numResults}' at 'numResults' failed to satisfy constraint: Member must have value less than or equal to ${MAX_RESULTS}` });
    }
    if (!Number.isInteger(page) || page < 0) return void res.status(400).json({ message: `Invalid page: ${page}` });
    const hits = [...store.values()].filter((p) => !p.stub && p.content_delivery_type !== 'BookSeries' && matches(p, req));
    res.json({
      products: hits.slice(page * numResults, (page + 1) * numResults).map((p) => project(p, groups, req)),
      total_results: hits.length,
      response_groups: ['always-returned', ...groups],
    });
  });

  const server = await startHttpFake(
    (app) => {
      app.use('/:region', (req, res, next) => {
        const region = String(req.params.region);
        if (!(FAKE_REGIONS as readonly string[]).includes(region)) return next();
        res.locals.region = region;
        router(req, res, next);
      });
      app.use(router);
    },
    {
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json({ message: 'Too Many Requests' });
      },
      serverError(res) {
        res.status(503).json({ message: 'Service Unavailable' });
      },
    },
  );
  const isCatalogue = (path: string, region?: FakeRegion) =>
    region === undefined ? /(^|\/)1\.0\/catalog\//.test(path) : region === 'us' ? /^\/(us\/)?1\.0\/catalog\//.test(path) : path.startsWith(`/${region}/1.0/catalog/`);
  return Object.assign(server, {
    baseUrlTemplate: `${server.url}/{region}`,
    urlFor: (region: FakeRegion) => `${server.url}/${region}`,
    catalogue,
    seed,
    catalogueCalls: (region?: FakeRegion) => server.requests.filter((r) => isCatalogue(r.path, region)).length,
  });
}

/** The requested groups, or undefined after answering 400 for an unknown one (as Audible does). */
function responseGroups(req: Request, res: Response): string[] | undefined {
  const groups = (queryString(req, 'response_groups') ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  const unknown = groups.filter((g) => !(g in GROUP_FIELDS));
  if (unknown.length > 0) {
    res.status(400).json({ message: `Invalid response group(s) requested: ${unknown.join(',')}` });
    return undefined;
  }
  return groups;
}

/** The fields the groups cover; a stub only has what is always returned; images filtered by `image_sizes`. */
function project(p: AudibleFakeProduct, groups: string[], req: Request): Record<string, unknown> {
  const out: Record<string, unknown> = { asin: p.asin, ...(p.sku_lite ? { sku_lite: p.sku_lite } : {}) };
  if (p.stub) return out;
  for (const group of groups) {
    for (const field of GROUP_FIELDS[group] ?? []) if (p[field] !== undefined) out[field] = p[field];
  }
  const sizes = queryString(req, 'image_sizes')?.split(',');
  if (out.product_images && sizes) {
    out.product_images = Object.fromEntries(Object.entries(p.product_images ?? {}).filter(([size]) => sizes.includes(size)));
  }
  return out;
}

/** Every word of each given field occurs in that field of the product (keywords: anywhere). */
function matches(p: AudibleFakeProduct, req: Request): boolean {
  const names = (list: AudibleFakeProduct['authors']) => (list ?? []).map((c) => c.name).join(' ');
  const fields: Record<string, string> = {
    title: `${p.title ?? ''} ${p.subtitle ?? ''}`,
    author: names(p.authors),
    narrator: names(p.narrators),
    keywords: `${p.title ?? ''} ${p.subtitle ?? ''} ${names(p.authors)} ${names(p.narrators)} ${(p.series ?? []).map((s) => s.title).join(' ')}`,
  };
  let any = false;
  for (const [key, hay] of Object.entries(fields)) {
    const q = queryString(req, key);
    if (!q) continue;
    any = true;
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.every((w) => hay.toLowerCase().includes(w))) return false;
  }
  return any;
}
