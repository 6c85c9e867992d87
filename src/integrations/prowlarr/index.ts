export { AUDIOBOOK_CATEGORY, ProwlarrClient, type ProwlarrClientOptions } from './prowlarr.client.js';
export { toIndexerResult } from './prowlarr.mapper.js';
export type * from './prowlarr.types.js';
