export type {
  LookupOptions,
  MetadataProvider,
  ProviderBook,
  ProviderName,
  ProviderSeries,
  SearchQuery,
  SeriesMember,
  SeriesRef,
} from '../../core/metadata/metadata-provider.port.js';
export type { ProviderClientOptions } from './provider-options.js';
export { htmlToText } from './provider-utils.js';
export { AudnexusClient, AUDNEXUS_REGIONS } from './audnexus/audnexus.client.js';
export type { AudnexusClientOptions, AudnexusRegion } from './audnexus/audnexus.client.js';
export { GoogleBooksClient } from './google-books/google-books.client.js';
export type { GoogleBooksClientOptions } from './google-books/google-books.client.js';
export { OpenLibraryClient } from './open-library/open-library.client.js';
export type { OpenLibraryClientOptions } from './open-library/open-library.client.js';
export { HardcoverClient, MAX_TOP_LEVEL_FIELDS } from './hardcover/hardcover.client.js';
export type { HardcoverClientOptions } from './hardcover/hardcover.client.js';
