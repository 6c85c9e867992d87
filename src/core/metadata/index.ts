/** Public surface of the metadata decision: import from here, not from the role files. */
export type * from './types.js';
export { proposeMetadata } from './propose.js';
export { judgeCandidate, durationTolerance, durationsAgree, isEnglish } from './identify.js';
export { qualityScore, applyFields } from './quality.js';
export { cleanBookTitle, cleanSubtitle, cleanSequence, seriesFromText } from './values.js';
export { proposeLineSchema, libraryItemSchema, candidateSchema, type ProposeLine } from './schema.js';
export { toAnswerFields, ANSWER_FIELDS } from './answer.js';
export { candidateFromProviderBook } from './from-provider.js';
