/** Public surface of release selection: import from here, not from the role files. */
export type {
  AudioFormat,
  CollectionKind,
  EbookFormat,
  IndexerResult,
  ParsedReleaseName,
  Protocol,
  Refusal,
  RefusalCode,
  ReleaseDecision,
  ReleaseJudgement,
  WantedBook,
  WedgeDecision,
} from './types.js';
export { parseReleaseName } from './parse-release-name.js';
export {
  defaultPreferences,
  releasePreferencesSchema,
  resolvePreferences,
  type RankedFormat,
  type ReleasePreferences,
  type ReleasePreferencesInput,
} from './preferences.js';
export { judgeResult, selectRelease } from './select-release.js';
export { prepareWanted, type WantedContext } from './wanted-context.js';
export { decideWedge, isFree, isMyAnonamouse } from './mam-wedge.js';
export { readResultRow, releaseSearchLineSchema, toSearch, type ReleaseSearchLine, type ResultReading } from './release-search.schema.js';
