export { MamClient } from './mam.client.js';
export type { MamClientOptions, MamSearchField, MamSearchOptions, MamSearchResult, MamSearchType, MamTopOptions } from './mam.client.js';
export { MamHealth } from './mam.health.js';
export type { MamHealthState, MamHealthStatus } from './mam.health.js';
export { MAM_BASE_URL, mapMamTorrent, parseSize, toIndexerResult } from './mam.mapper.js';
export type { MamTorrent } from './mam.mapper.js';
export { parsePeople, parseSeries } from './mam.info-fields.js';
export type { MamSeries } from './mam.info-fields.js';
