import { compareBooks } from '../../core/matching/index.js';
import { matchPairLineSchema } from '../../core/matching/schema.js';
import { answerJsonLines } from '../jsonl-evaluation.js';

/**
 * `match-pairs`: JSON Lines `{id, library, candidate}` on stdin (shaped like ../shared/corpus/matching.*.jsonl;
 * other fields ignored) → exactly one line per non-blank input line on stdout: `{"id", "same", "score"}`.
 * A line that cannot be read answers `{"id": <id or null>, "same": false, "score": 0}` (and says why on stderr).
 */
export function matchPairs(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return answerJsonLines({
    command: 'match-pairs',
    input,
    output,
    schema: matchPairLineSchema,
    answer: (line) => {
      const result = compareBooks(line.library, line.candidate);
      return { id: line.id, same: result.same, score: result.score };
    },
    fallback: (id) => ({ id, same: false, score: 0 }),
  });
}
