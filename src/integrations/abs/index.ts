export { AbsClient, type AbsClientOptions } from './abs.client.js';
export { AbsSocketClient, type AbsSocketEvents, type AbsSocketOptions } from './abs.socket.js';
export { buildMediaPatch, type BookMetadataUpdate, type SeriesMembership, type SeriesSequence } from './abs.metadata.js';
export { parseSeriesName } from './abs.mapper.js';
export { LIVE_EVENTS_OFF_REASON, type AbsAuth, type AbsLiveEvents, type AbsLogin, type AbsTokenKind, type AbsUserCredentials } from './abs.session.js';
export { absTokenKind } from './abs.user-session.js';
export type { ScanOutcome, ScanWaitOptions, TaskEvents } from './abs.scan.js';
export type * from './abs.types.js';
