import { releaseSearchLineSchema, selectRelease, toSearch } from '../../core/releases/index.js';
import { answerJsonLines } from '../jsonl-evaluation.js';

/**
 * `pick-release`: JSON Lines `{id, wanted, results}` on stdin (shaped like the release corpus; other fields
 * ignored) → exactly one line per non-blank input line on stdout: `{"id", "best", "acceptable"}`.
 * A line that cannot be read answers with `best: null` (and says why on stderr); a malformed result inside a line is
 * skipped with a note.
 */
export function pickReleases(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  return answerJsonLines({
    command: 'pick-release',
    input,
    output,
    schema: releaseSearchLineSchema,
    answer: (line, diagnose) => {
      const search = toSearch(line);
      for (const bad of search.invalid) diagnose(`result #${bad.index} skipped (${bad.problem})`);
      const decision = selectRelease(search.wanted, search.results);
      return { id: search.id, best: decision.best?.result.guid ?? null, acceptable: decision.acceptable.map((j) => j.result.guid) };
    },
    fallback: (id): { id: string | number | null; best: string | null; acceptable: string[] } => ({ id, best: null, acceptable: [] }),
  });
}
