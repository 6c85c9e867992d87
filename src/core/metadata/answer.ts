import type { MetadataProposal } from './types.js';

/** The fields the evaluation contract knows (README-metadata.md); the others stay with the jobs. */
export const ANSWER_FIELDS = ['title', 'subtitle', 'authors', 'narrators', 'series', 'publishedYear', 'asin', 'isbn'] as const;

/** `fields` of a `propose-metadata` answer: the value of each proposed field, nothing for a field kept. */
export function toAnswerFields(proposal: MetadataProposal): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of ANSWER_FIELDS) {
    const p = proposal.fields[f];
    if (p !== undefined) out[f] = p.value;
  }
  return out;
}
