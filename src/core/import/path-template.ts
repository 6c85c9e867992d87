/**
 * IMPORT_PATH_TEMPLATE: where an imported book goes, relative to the library root.
 *
 *   {author}/<{series}/><{sequence} - >{title}< [{asin}]>        (the default)
 *
 * - `{name}` is a placeholder: author, series, sequence, title, subtitle, asin, narrator, year.
 * - `<…>` is an optional part, left out whole when any placeholder inside it has no value (so a standalone book has
 *   no series folder and no dangling " - "). Optional parts do not nest.
 * - `/` separates folders. A folder that comes out empty is left out.
 * - `{{` and `}}` are literal braces (Audiobookshelf reads a trailing ` {Name}` in a folder name as the narrator).
 * Every value is made safe on its own (a `/` in a title never creates a folder) and each folder is cut to 255 bytes by
 * shortening the longest free-text value in it, so the ASIN and the sequence always survive.
 */
import { MAX_COMPONENT_BYTES, safeComponent, truncateUtf8, utf8Bytes } from './name-safety.js';

export const PLACEHOLDERS = ['author', 'series', 'sequence', 'title', 'subtitle', 'asin', 'narrator', 'year'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type TemplateValues = Partial<Record<Placeholder, string | null>>;

export const DEFAULT_PATH_TEMPLATE = '{author}/<{series}/><{sequence} - >{title}< [{asin}]>';

/** Values that may be shortened to fit a folder in 255 bytes, in the order they give way when equally long. */
const SHORTENABLE: readonly Placeholder[] = ['subtitle', 'title', 'series', 'narrator', 'author'];

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'slash' }
  | { kind: 'value'; name: Placeholder }
  | { kind: 'optional'; tokens: Token[] };

export interface PathTemplate {
  readonly source: string;
  readonly tokens: readonly Token[];
}

export class PathTemplateError extends Error {
  override readonly name = 'PathTemplateError';
  readonly code = 'import.path-template';
}

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** Parses and checks a template; throws PathTemplateError naming the first problem. */
export function parsePathTemplate(source: string): PathTemplate {
  const fail = (why: string): never => {
    throw new PathTemplateError(`IMPORT_PATH_TEMPLATE ${JSON.stringify(source)}: ${why}`);
  };
  if (/[\u0000-\u001f\u007f\\]/u.test(source)) fail('contains a control character or a backslash');
  if (source.startsWith('/')) fail('must be relative to the library root (no leading /)');

  const top: Token[] = [];
  let current = top;
  let text = '';
  const flush = () => {
    if (text) current.push({ kind: 'text', text });
    text = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if ((c === '{' || c === '}') && source[i + 1] === c) {
      text += c;
      i++;
    } else if (c === '{') {
      const end = source.indexOf('}', i);
      if (end === -1) fail(`unclosed { at ${i}`);
      const name = source.slice(i + 1, end).trim();
      if (!isPlaceholder(name)) fail(`unknown placeholder {${name}} (known: ${PLACEHOLDERS.join(', ')})`);
      flush();
      current.push({ kind: 'value', name: name as Placeholder });
      i = end;
    } else if (c === '}') {
      fail(`unmatched } at ${i} (write }} for a literal brace)`);
    } else if (c === '<') {
      if (current !== top) fail('optional parts <…> do not nest');
      flush();
      const group: Token[] = [];
      top.push({ kind: 'optional', tokens: group });
      current = group;
    } else if (c === '>') {
      if (current === top) fail(`unmatched > at ${i}`);
      flush();
      if (!current.some((t) => t.kind === 'value')) fail('an optional part <…> must contain a placeholder');
      current = top;
    } else if (c === '/') {
      flush();
      current.push({ kind: 'slash' });
    } else {
      text += c;
    }
  }
  if (current !== top) fail('unclosed <');
  flush();

  const flat = top.flatMap((t) => (t.kind === 'optional' ? t.tokens : [t]));
  if (!flat.some((t) => t.kind === 'value' && t.name === 'title')) fail('must contain {title}');
  const lastSlash = flat.map((t) => t.kind).lastIndexOf('slash');
  if (!flat.slice(lastSlash + 1).some((t) => t.kind === 'value' && t.name === 'title')) {
    fail('{title} must be in the last folder (the book folder)');
  }
  for (const t of flat) if (t.kind === 'text' && /(^|\/)\.\.?($|\/)/u.test(t.text.trim())) fail('contains . or ..');
  return { source, tokens: top };
}

type Piece = { text: string } | { name: Placeholder; value: string };

const hasValue = (values: TemplateValues, name: Placeholder) => (values[name] ?? '').trim() !== '';

/** The folders (components) of the relative path, each already safe. Empty folders are left out. */
export function renderPathTemplate(template: PathTemplate, values: TemplateValues): string[] {
  const folders: Piece[][] = [[]];
  const emit = (tokens: readonly Token[]) => {
    for (const t of tokens) {
      if (t.kind === 'slash') folders.push([]);
      else if (t.kind === 'text') folders.at(-1)!.push({ text: t.text });
      else if (t.kind === 'value') {
        if (hasValue(values, t.name)) folders.at(-1)!.push({ name: t.name, value: safeComponent(values[t.name]!) });
      } else if (t.tokens.every((inner) => inner.kind !== 'value' || hasValue(values, inner.name))) emit(t.tokens);
    }
  };
  emit(template.tokens);
  return folders.map(fitFolder).filter((folder) => folder !== '');
}

const join = (pieces: readonly Piece[]) => pieces.map((p) => ('text' in p ? p.text : p.value)).join('');

/** Joins one folder's pieces, shortening its longest free-text values until the whole fits in 255 bytes. */
function fitFolder(pieces: Piece[]): string {
  let joined = safeComponent(join(pieces), Number.MAX_SAFE_INTEGER);
  for (let guard = 0; utf8Bytes(joined) > MAX_COMPONENT_BYTES && guard < 64; guard++) {
    const over = utf8Bytes(joined) - MAX_COMPONENT_BYTES;
    const candidates = pieces.filter((p): p is Extract<Piece, { name: Placeholder }> => 'name' in p && SHORTENABLE.includes(p.name) && p.value !== '');
    if (candidates.length === 0) break;
    const longest = candidates.reduce((a, b) => (utf8Bytes(b.value) > utf8Bytes(a.value) ? b : a));
    longest.value = safeComponent(truncateUtf8(longest.value, Math.max(0, utf8Bytes(longest.value) - over)));
    joined = safeComponent(join(pieces), Number.MAX_SAFE_INTEGER);
  }
  return safeComponent(joined);
}
