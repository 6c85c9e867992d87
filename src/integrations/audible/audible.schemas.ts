import { z } from 'zod';

/**
 * Only the fields the mapper reads. Audible omits whatever its response groups did not cover, and an unavailable
 * product can come back as a stub with little more than its ASIN, so nearly everything is optional; the mapper
 * decides what a usable product is. No transforms here: cached bodies are re-validated by these same schemas.
 */
const text = z.string().nullish();
const numberOrText = z.union([z.string(), z.number()]).nullish();

const contributor = z.object({ asin: text, name: text });

const seriesLink = z.object({ asin: text, title: text, sequence: numberOrText });

const relationship = z.object({
  asin: text,
  relationship_to_product: text,
  relationship_type: text,
  sequence: numberOrText,
  sort: numberOrText,
  title: text,
});

export const audibleProductSchema = z.object({
  asin: text,
  title: text,
  subtitle: text,
  authors: z.array(contributor).nullish(),
  narrators: z.array(contributor).nullish(),
  publisher_name: text,
  publisher_summary: text,
  merchandising_summary: text,
  release_date: text,
  issue_date: text,
  language: text,
  runtime_length_min: z.number().nullish(),
  format_type: text,
  content_delivery_type: text,
  content_type: text,
  series: z.array(seriesLink).nullish(),
  relationships: z.array(relationship).nullish(),
  sku: text,
  sku_lite: text,
  publication_name: text,
  product_images: z.record(z.string(), z.string()).nullish(),
  is_purchasability_suppressed: z.boolean().nullish(),
});
export type AudibleWireProduct = z.infer<typeof audibleProductSchema>;
export type AudibleWireRelationship = z.infer<typeof relationship>;

/** GET /1.0/catalog/products/{asin} */
export const audibleProductResponseSchema = z.object({ product: audibleProductSchema });

/** GET /1.0/catalog/products?asins=… and the search: `total_results` only comes with a search. */
export const audibleProductsResponseSchema = z.object({
  products: z.array(audibleProductSchema),
  total_results: z.number().nullish(),
});
