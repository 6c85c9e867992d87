import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { z } from 'zod';

type Id = string | number | null;

/**
 * The loop shared by the evaluation commands: JSON Lines on stdin → exactly one JSON line per non-blank input line on
 * stdout, diagnostics on stderr only. A line that is not JSON or not of the schema still gets an answer (`fallback`),
 * keeping its id when one can be read. Returns the exit code: 0 once every line is answered, 1 when a stream fails.
 */
export async function answerJsonLines<S extends z.ZodType, A>(opts: {
  command: string;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  schema: S;
  answer: (line: z.output<S>, diagnose: (message: string) => void) => A;
  fallback: (id: Id) => A;
}): Promise<number> {
  let lineNo = 0;
  const diagnose = (message: string) => process.stderr.write(`${opts.command}: line ${lineNo}: ${message}\n`);
  const lines = createInterface({ input: opts.input, crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      lineNo++;
      if (text.trim() === '') continue;
      const answer = answerOne(text, opts, diagnose);
      if (!opts.output.write(`${JSON.stringify(answer)}\n`)) await once(opts.output, 'drain');
    }
  } catch (error) {
    process.stderr.write(`${opts.command}: reading line ${lineNo + 1} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  return 0;
}

function answerOne<S extends z.ZodType, A>(
  text: string,
  opts: { schema: S; answer: (line: z.output<S>, diagnose: (m: string) => void) => A; fallback: (id: Id) => A },
  diagnose: (message: string) => void,
): A {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    diagnose('not JSON');
    return opts.fallback(null);
  }
  const parsed = opts.schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    diagnose(issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid');
    return opts.fallback(idOf(json));
  }
  try {
    return opts.answer(parsed.data, diagnose);
  } catch (error) {
    // A bug on one odd record must not cost the answers for the rest of the stream.
    diagnose(`failed: ${error instanceof Error ? error.message : String(error)}`);
    return opts.fallback(idOf(json));
  }
}

function idOf(json: unknown): Id {
  if (typeof json !== 'object' || json === null || !('id' in json)) return null;
  const id = (json as { id: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
