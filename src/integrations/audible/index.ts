export { AudibleClient, MAX_BATCH_ASINS, MAX_PAGE_SIZE, audibleBaseUrl } from './audible.client.js';
export type { AudibleClientOptions } from './audible.client.js';
export { PLACEHOLDER_RELEASE_DATE, mapAudibleProduct, seriesMembers } from './audible.mapper.js';
export { AUDIBLE_REGIONS, AUDIBLE_TLDS } from './audible.types.js';
export type {
  AudibleBatch,
  AudibleContributor,
  AudibleFormat,
  AudibleLookupOptions,
  AudibleProduct,
  AudibleRegion,
  AudibleRelationship,
  AudibleSearchPage,
  AudibleSearchQuery,
  AudibleSeries,
  AudibleSeriesLink,
  AudibleSeriesMember,
} from './audible.types.js';
