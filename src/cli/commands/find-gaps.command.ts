import { decideGaps, gapLineSchema, proposals, toQuestion } from '../../core/discovery/index.js';
import { answerJsonLines } from '../jsonl-evaluation.js';

type Answer = { id: string | number | null; missing: string[][]; upcoming: string[][]; error?: string };

/**
 * `find-gaps`: JSON Lines `{id, scope, today, options, owned, candidates}` on stdin (shaped like
 * ../shared/corpus/gaps.dev.jsonl; `truth`, `tags` and other fields ignored) → exactly one line per non-blank input
 * line on stdout: `{"id", "missing": [[ref, …], …], "upcoming": [[ref, …], …]}`, one inner list per book with the refs
 * of every record merged into it. It runs the discovery decision itself (decideGaps), with no provider calls. A line
 * that cannot be read answers `{"id": <id or null>, "missing": [], "upcoming": [], "error": "…"}` (and says why on
 * stderr).
 */
export function findGaps(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return answerJsonLines({
    command: 'find-gaps',
    input,
    output,
    schema: gapLineSchema,
    answer: (line): Answer => ({ id: line.id, ...proposals(decideGaps(toQuestion(line))) }),
    fallback: (id): Answer => ({ id, missing: [], upcoming: [], error: 'unreadable line (see stderr)' }),
  });
}
