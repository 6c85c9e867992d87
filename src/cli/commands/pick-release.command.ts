import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { releaseSearchLineSchema, selectRelease, toSearch } from '../../core/releases/index.js';

/**
 * `pick-release`: JSON Lines `{id, wanted, results}` on stdin (shaped like the release corpus; other fields
 * ignored) → exactly one line per non-blank input line on stdout: `{"id", "best", "acceptable"}`.
 * Diagnostics go to stderr only; a line that cannot be read still answers, with `best: null`.
 * Returns the exit code: 0 once every line is answered (bad lines included, reported on stderr), 1 when the
 * input or output stream fails.
 */
export async function pickReleases(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const diagnose = (message: string) => process.stderr.write(`pick-release: ${message}\n`);
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
  best: string | null;
  acceptable: string[];
}

function answerLine(text: string, lineNo: number, diagnose: (m: string) => void): Answer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    diagnose(`line ${lineNo}: not JSON`);
    return { id: null, best: null, acceptable: [] };
  }
  const parsed = releaseSearchLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    diagnose(`line ${lineNo}: ${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'}`);
    return { id: idOf(json), best: null, acceptable: [] };
  }
  const search = toSearch(parsed.data);
  for (const bad of search.invalid) diagnose(`line ${lineNo}: result #${bad.index} skipped (${bad.problem})`);
  const decision = selectRelease(search.wanted, search.results);
  return {
    id: search.id,
    best: decision.best?.result.guid ?? null,
    acceptable: decision.acceptable.map((j) => j.result.guid),
  };
}

function idOf(json: unknown): string | number | null {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
