import { proposeLineSchema, proposeMetadata, toAnswerFields } from '../../core/metadata/index.js';
import type { ProposalAnswer } from '../../core/metadata/evaluation.js';
import { answerJsonLines } from '../jsonl-evaluation.js';

/**
 * `propose-metadata`: JSON Lines `{id, item, candidates}` on stdin (shaped like ../shared/corpus/metadata.*.jsonl;
 * `truth`, `tags` and other fields ignored) → exactly one line per non-blank input line on stdout:
 * `{"id", "match": [ref, …], "fields": {…}}` — the refs judged to be this very book and only the fields to set.
 * A line that cannot be read answers `{"id": <id or null>, "match": [], "fields": {}}` (and says why on stderr).
 */
export function proposeMetadataLines(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return answerJsonLines({
    command: 'propose-metadata',
    input,
    output,
    schema: proposeLineSchema,
    answer: (line): ProposalAnswer => {
      const proposal = proposeMetadata(line.item, line.candidates);
      return { id: line.id, match: proposal.match, fields: toAnswerFields(proposal) };
    },
    fallback: (id) => ({ id, match: [], fields: {} }),
  });
}
