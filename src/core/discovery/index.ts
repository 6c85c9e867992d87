/** Public surface of discovery's decision: import from here, not from the role files. */
export type { DecidedBook, GapOptions, GapQuestion, GapScope, NotGapKind, ProviderRecord, Verdict } from './types.js';
export { decideGaps, proposals } from './decide.js';
export { gapLineSchema, toQuestion, type GapLine } from './schema.js';
export { languageCode } from './language.js';
