/**
 * Text Postgres refuses to store: a NUL character (not allowed in `text`, nor as `\u0000` in `jsonb`) and an unpaired
 * UTF-16 surrogate (not Unicode: `jsonb` rejects its `\ud800` escape). Found before a row is written, so the one bad
 * value is refused by name instead of failing its insert, or every insert of its batch.
 */
const NUL = /\u0000/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface UnstorableText {
  /** Where it is: `name`, `tags.2`, `(body)`; a bad key is named by its path too (its bad characters shown as �). */
  field: string;
  problem: string;
}

function problemOf(text: string): string | undefined {
  if (NUL.test(text)) return 'contains a NUL character, which cannot be stored';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (not valid Unicode)';
  return undefined;
}

interface Step {
  value: unknown;
  key?: string;
  parent?: Step;
}

function pathOf(step: Step): string {
  const keys: string[] = [];
  for (let s: Step | undefined = step; s?.key !== undefined; s = s.parent) keys.push(s.key.replace(/[\u0000\ud800-\udfff]/g, '\ufffd'));
  return keys.reverse().join('.') || '(body)';
}

/** The first unstorable string (value or key) in a JSON-like value; walks without recursion, so depth is no limit. */
export function findUnstorableText(value: unknown): UnstorableText | undefined {
  const stack: Step[] = [{ value }];
  while (stack.length > 0) {
    const step = stack.pop()!;
    const current = step.value;
    if (typeof current === 'string') {
      const problem = problemOf(current);
      if (problem) return { field: pathOf(step), problem };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    const entries: Array<readonly [string, unknown]> = Array.isArray(current) ? current.map((v, i) => [String(i), v] as const) : Object.entries(current);
    // Pushed in reverse, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      const next = { value: child, key, parent: step };
      const keyProblem = problemOf(key);
      if (keyProblem) return { field: pathOf(next), problem: `field name ${keyProblem}` };
      stack.push(next);
    }
  }
  return undefined;
}
