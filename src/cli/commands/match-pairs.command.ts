import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { compareBooks } from '../../core/matching/index.js';
import { matchPairLineSchema } from '../../core/matching/schema.js';

/**
 * `match-pairs`: JSON Lines `{id, library, candidate}` on stdin (shaped like ../shared/corpus/matching.*.jsonl;
 * other fields ignored) → exactly one line per non-blank input line on stdout: `{"id", "same", "score"}`.
 * Diagnostics go to stderr only; a line that cannot be read still answers, `{"id": <id or null>,
 * "same": false, "score": 0}`. Returns the exit code: 0 once every line is answered (bad lines included),
 * 1 when the input or output stream fails.
 */
export async function matchPairs(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const diagnose = (message: string) => process.stderr.write(`match-pairs: ${message}\n`);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  try {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      const answer = answerLine(text, lineNo, diagnose);
      if (!output.write(`${JSON.stringify(answer)}\n`)) await once(output, 'drain');
    }
  } catch (error) {
    diagnose(`reading line ${lineNo + 1} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
  return 0;
}

interface Answer {
  id: string | number | null;
  same: boolean;
  score: number;
}

function answerLine(text: string, lineNo: number, diagnose: (m: string) => void): Answer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    diagnose(`line ${lineNo}: not JSON`);
    return { id: null, same: false, score: 0 };
  }
  const parsed = matchPairLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    diagnose(`line ${lineNo}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    return { id: idOf(json), same: false, score: 0 };
  }
  try {
    const result = compareBooks(parsed.data.library, parsed.data.candidate);
    return { id: parsed.data.id, same: result.same, score: result.score };
  } catch (error) {
    // A matcher bug on one odd record must not cost the answers for the rest of the stream.
    diagnose(`line ${lineNo}: comparison failed: ${error instanceof Error ? error.message : String(error)}`);
    return { id: parsed.data.id, same: false, score: 0 };
  }
}

function idOf(json: unknown): string | number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
