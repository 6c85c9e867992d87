import { htmlToText, httpsUrl, languageCode, positionNumber } from '../providers/provider-utils.js';
import type { AudibleWireProduct, AudibleWireRelationship } from './audible.schemas.js';
import type {
  AudibleContributor,
  AudibleFormat,
  AudibleProduct,
  AudibleRegion,
  AudibleRelationship,
  AudibleSeriesLink,
  AudibleSeriesMember,
} from './audible.types.js';

/** Audible's "no date yet" value on announced products. */
export const PLACEHOLDER_RELEASE_DATE = '2200-01-01';

const DRAMATIZED = /\bdramati[sz](ed|ation)\b|\bfull[- ]cast\b/i;

/**
 * Wire product → domain product. Null for a stub: Audible answers an unavailable or suppressed ASIN with a product
 * carrying little more than the ASIN (no title), which is "no such product here", not a nameless book.
 */
export function mapAudibleProduct(wire: AudibleWireProduct, region: AudibleRegion, requestedAsin?: string): AudibleProduct | null {
  const asin = clean(wire.asin)?.toUpperCase() ?? requestedAsin;
  const title = clean(wire.title);
  if (!asin || !title) return null;
  const subtitle = clean(wire.subtitle);
  const series = (wire.series ?? []).flatMap((s): AudibleSeriesLink[] => {
    const name = clean(s.title);
    return name ? [{ asin: clean(s.asin)?.toUpperCase() ?? null, title: name, sequence: sequenceText(s.sequence) }] : [];
  });
  const { releaseDate, placeholder } = releaseDateOf(wire.release_date ?? wire.issue_date);
  const deliveryType = clean(wire.content_delivery_type);
  return {
    asin,
    region,
    title,
    subtitle,
    authors: contributors(wire.authors),
    narrators: contributors(wire.narrators).map((n) => n.name),
    publisher: clean(wire.publisher_name),
    description: htmlToText(wire.publisher_summary) ?? htmlToText(wire.merchandising_summary),
    releaseDate,
    releaseDatePlaceholder: placeholder,
    language: languageCode(clean(wire.language)),
    runtimeMinutes: typeof wire.runtime_length_min === 'number' && wire.runtime_length_min > 0 ? wire.runtime_length_min : null,
    format: formatOf(wire.format_type),
    deliveryType,
    contentType: clean(wire.content_type),
    isSeries: deliveryType?.toLowerCase() === 'bookseries',
    dramatized: [title, subtitle, ...series.map((s) => s.sequence)].some((t) => t !== null && DRAMATIZED.test(t)),
    series,
    relationships: (wire.relationships ?? []).flatMap((r) => relationshipOf(r) ?? []),
    sku: clean(wire.sku),
    skuLite: clean(wire.sku_lite),
    publicationName: clean(wire.publication_name),
    coverUrl: coverOf(wire.product_images),
    suppressed: wire.is_purchasability_suppressed === true,
  };
}

/**
 * The members of a series product: its `child` relationships of type `series`, ordered by Audible's `sort`, then by
 * the leading number of the position, then as listed. Each ASIN once (the first listing wins).
 */
export function seriesMembers(product: AudibleProduct): AudibleSeriesMember[] {
  const seen = new Set<string>();
  return product.relationships
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.direction === 'child' && r.type === 'series')
    .sort((a, b) => order(a.r.sort, b.r.sort) || order(positionNumber(a.r.sequence), positionNumber(b.r.sequence)) || a.index - b.index)
    .flatMap(({ r }) => {
      if (seen.has(r.asin)) return [];
      seen.add(r.asin);
      return [{ asin: r.asin, sequence: r.sequence, sort: r.sort, title: r.title }];
    });
}

function relationshipOf(r: AudibleWireRelationship): AudibleRelationship | undefined {
  const asin = clean(r.asin)?.toUpperCase();
  const direction = clean(r.relationship_to_product)?.toLowerCase();
  if (!asin || (direction !== 'parent' && direction !== 'child')) return undefined;
  const sortText = sequenceText(r.sort);
  const sort = sortText === null ? null : Number(sortText);
  return {
    asin,
    direction,
    type: clean(r.relationship_type)?.toLowerCase() ?? 'unknown',
    sequence: sequenceText(r.sequence),
    sort: sort !== null && Number.isFinite(sort) ? sort : null,
    title: clean(r.title),
  };
}

/** Nulls last; equal → 0. */
function order(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a - b;
}

function contributors(list: AudibleWireProduct['authors']): AudibleContributor[] {
  return (list ?? []).flatMap((c) => {
    const name = clean(c.name);
    return name ? [{ name, asin: clean(c.asin) ?? null }] : [];
  });
}

function releaseDateOf(raw: string | null | undefined): { releaseDate: string | null; placeholder: boolean } {
  const date = /^(\d{4}-\d{2}-\d{2})/.exec(raw?.trim() ?? '')?.[1];
  if (!date) return { releaseDate: null, placeholder: false };
  if (date === PLACEHOLDER_RELEASE_DATE) return { releaseDate: null, placeholder: true };
  return { releaseDate: date, placeholder: false };
}

function formatOf(raw: string | null | undefined): AudibleFormat | null {
  const value = raw?.trim().toLowerCase();
  return value === 'unabridged' || value === 'abridged' ? value : null;
}

/** The 500 px image (what the client asks for), else the largest one given. */
function coverOf(images: Record<string, string> | null | undefined): string | null {
  if (!images) return null;
  const url = images['500'] ?? Object.entries(images).sort(([a], [b]) => Number(b) - Number(a))[0]?.[1];
  return httpsUrl(url);
}

function sequenceText(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const textValue = String(value).trim();
  return textValue === '' ? null : textValue;
}

function clean(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}
