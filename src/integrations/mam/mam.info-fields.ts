/**
 * author_info / narrator_info / series_info arrive as JSON encoded inside a string, e.g. `{"123":"Andy Weir"}` and
 * `{"789":["Some Series","1",1]}`. Jackett warns they can be malformed (unescaped quotes in names), and at least one
 * mock uses `{name, position}` objects for series: parse properly first, fall back to a lenient scan, never throw.
 */

export interface MamSeries {
  name: string;
  sequence: string | null;
}

function parseObject(raw: unknown): Record<string, unknown> | undefined {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON.parse puts integer-like keys in ascending order; MAM's own order (first author first) is the string's. */
function valuesInOrder(obj: Record<string, unknown>, raw: unknown): unknown[] {
  if (typeof raw !== 'string') return Object.values(obj);
  const at = (key: string) => raw.indexOf(JSON.stringify(key));
  return Object.keys(obj)
    .sort((a, b) => at(a) - at(b))
    .map((key) => obj[key]);
}

/** Names from `{"<id>":"Name"}`, in the order MAM lists them. */
export function parsePeople(raw: unknown): string[] {
  const obj = parseObject(raw);
  if (obj) {
    return valuesInOrder(obj, raw)
      .map((v) => (typeof v === 'string' ? v.trim() : ''))
      .filter((v) => v.length > 0);
  }
  if (typeof raw !== 'string') return [];
  // Malformed: take each "id":"…" pair, letting a stray quote live inside the name.
  const names: string[] = [];
  for (const m of raw.matchAll(/"\d+"\s*:\s*"(.*?)"\s*(?=,\s*"\d+"\s*:|}\s*$)/g)) {
    const name = decodeName(m[1] ?? '');
    if (name) names.push(name);
  }
  return names;
}

/** Series from `{"<id>":["Name","<number>",n]}` or `{"<id>":{"name","position"}}`. */
export function parseSeries(raw: unknown): MamSeries[] {
  const obj = parseObject(raw);
  if (obj) {
    const out: MamSeries[] = [];
    for (const value of valuesInOrder(obj, raw)) {
      if (Array.isArray(value) && typeof value[0] === 'string') {
        out.push({ name: value[0].trim(), sequence: sequenceOf(value[1]) });
      } else if (value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string') {
        const v = value as { name: string; position?: unknown; number?: unknown };
        out.push({ name: v.name.trim(), sequence: sequenceOf(v.position ?? v.number) });
      }
    }
    return out.filter((s) => s.name.length > 0);
  }
  if (typeof raw !== 'string') return [];
  const out: MamSeries[] = [];
  for (const m of raw.matchAll(/"\d+"\s*:\s*\[\s*"(.*?)"\s*,\s*"?([^",\]]*)"?/g)) {
    const name = decodeName(m[1] ?? '');
    if (name) out.push({ name, sequence: sequenceOf(m[2]) });
  }
  return out;
}

/** A name cut out of malformed JSON: its escapes ("Jos\u00e9") decoded when they can be, else as written. */
function decodeName(raw: string): string {
  try {
    const value: unknown = JSON.parse(`"${raw}"`);
    if (typeof value === 'string') return value.trim();
  } catch {
    // unescaped quotes inside: fall through
  }
  return raw.replace(/\\"/g, '"').trim();
}

function sequenceOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return null;
}
