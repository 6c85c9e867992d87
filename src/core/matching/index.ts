/** Public surface of the book matcher: import from here, not from the role files. */
export type { BookRecord, MatchResult } from './types.js';
export { normalizeText } from './text.js';
export { normalizeTitle, titleSimilarity } from './similarity.js';
export { titleKey, titleTokens, cleanTitle, colonParts, subtitleLike } from './title.js';
export { isNoise, isEditionOnly, isPartOnly } from './flags.js';
export { parseSeriesSegment } from './series.js';
export { normalizeAuthorName, splitAuthors, authorsOverlap } from './author.js';
export { parseSequence } from './sequence.js';
export { normalizeAsin, normalizeIsbn, isbn10To13 } from './identifiers.js';
export { compareBooks } from './compare.js';
export { createOwnedIndex, type OwnedIndex, type OwnedMatch } from './owned-index.js';
export type { ProductFlag } from './flags.js';
export { bookFacts, sameSeriesName, sharesAuthor, type BookFacts } from './book-facts.js';
