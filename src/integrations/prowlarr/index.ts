export { AUDIOBOOK_CATEGORY, ProwlarrClient, type ProwlarrClientOptions } from './prowlarr.client.js';
export type * from './prowlarr.types.js';
