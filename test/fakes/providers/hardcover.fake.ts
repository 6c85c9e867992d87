/**
 * Fake Hardcover GraphQL (contracts §8): a single POST /v1/graphql recognising the operations the service sends by
 * operationName, Bearer token check (401 invalid_token), the top-level field cap (403 top_level_limit_exceeded),
 * Hasura-style `errors` for unknown operations, Typesense-shaped search results, RateLimit headers and 429 bodies.
 */
import type { Request } from 'express';
import { startHttpFake, type FakeServer } from '../http-fake.js';

export interface HardcoverFakeBook {
  id: number;
  title: string;
  subtitle?: string;
  description?: string;
  releaseYear?: number;
  authors: string[];
  narrators?: string[];
  series?: { id: number; name: string; position: number | null; details?: string; featured?: boolean }[];
  asin?: string;
  isbn13?: string;
  isbn10?: string;
  audioSeconds?: number;
  usersCount?: number;
  /** A compilation or a duplicate edition (dropped by the series query's filters). */
  compilation?: boolean;
}

export interface HardcoverFake extends FakeServer {
  apiUrl: string;
  books: Map<number, HardcoverFakeBook>;
  seed(...books: HardcoverFakeBook[]): void;
}

/** Top-level fields of the operation: names at brace depth 1, outside argument lists, aliases counted once. */
function topLevelFields(query: string): number {
  let depth = 0;
  let parens = 0;
  let count = 0;
  const tokens = query.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/[{}()]|[A-Za-z_]\w*\s*:?/g) ?? [];
  for (const t of tokens) {
    if (t === '{') depth += 1;
    else if (t === '}') depth -= 1;
    else if (t === '(') parens += 1;
    else if (t === ')') parens -= 1;
    else if (depth === 1 && parens === 0 && !t.trimEnd().endsWith(':')) count += 1;
  }
  return count;
}

function bookJson(b: HardcoverFakeBook) {
  return {
    id: b.id,
    title: b.title,
    subtitle: b.subtitle ?? null,
    description: b.description ?? null,
    release_year: b.releaseYear ?? null,
    contributions: [
      ...b.authors.map((name, i) => ({ contribution: i === 0 ? null : 'Author', author: { id: 1000 + i, name } })),
      ...(b.narrators ?? []).map((name, i) => ({ contribution: 'Narrator', author: { id: 2000 + i, name } })),
    ],
    book_series: (b.series ?? []).map((s) => ({
      position: s.position,
      details: s.details ?? (s.position === null ? null : String(s.position)),
      featured: s.featured ?? true,
      series: { id: s.id, name: s.name },
    })),
    default_audio_edition: b.asin || b.audioSeconds ? { id: b.id * 10, asin: b.asin ?? null, isbn_13: null, audio_seconds: b.audioSeconds ?? null } : null,
    default_physical_edition: b.isbn13 || b.isbn10 ? { isbn_13: b.isbn13 ?? null, isbn_10: b.isbn10 ?? null } : null,
  };
}

function searchDocument(b: HardcoverFakeBook) {
  const first = b.series?.[0];
  return {
    id: String(b.id),
    title: b.title,
    subtitle: b.subtitle ?? null,
    slug: b.title.toLowerCase().replace(/\W+/g, '-'),
    author_names: b.authors,
    isbns: [b.isbn13, b.isbn10].filter(Boolean),
    series_names: (b.series ?? []).map((s) => s.name),
    featured_series: first ? { id: first.id, name: first.name } : null,
    featured_series_position: first?.position ?? null,
    release_year: b.releaseYear ?? null,
    audio_seconds: b.audioSeconds ?? null,
    has_audiobook: Boolean(b.audioSeconds),
    users_count: b.usersCount ?? 0,
    genres: [],
    contributions: b.authors.map((name) => ({ author: { name }, contribution: null })),
  };
}

export async function startHardcoverFake(options: { token: string; books?: HardcoverFakeBook[] }): Promise<HardcoverFake> {
  const books = new Map<number, HardcoverFakeBook>();
  const gqlError = (message: string, code = 'validation-failed') => ({ errors: [{ message, extensions: { path: '$', code } }] });

  const run = (req: Request): { status: number; body: unknown } => {
    const { query, variables = {}, operationName } = (req.body ?? {}) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
    if (typeof query !== 'string') return { status: 400, body: { error: 'Malformed request body' } };
    const fields = topLevelFields(query);
    const searches = (query.match(/\bsearch\s*\(/g) ?? []).length;
    if (fields > 5 || searches > 1) {
      return { status: 403, body: { error: 'top_level_limit_exceeded', error_description: 'Maximum of 5 top-level queries (or 1 search) per request' } };
    }
    const all = [...books.values()];
    switch (operationName) {
      case 'SearchBooks': {
        const words = String(variables.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
        const perPage = Number(variables.perPage ?? 25);
        const hits = all
          .filter((b) => words.every((w) => `${b.title} ${b.authors.join(' ')} ${(b.series ?? []).map((s) => s.name).join(' ')}`.toLowerCase().includes(w)))
          .sort((a, b) => (b.usersCount ?? 0) - (a.usersCount ?? 0));
        return {
          status: 200,
          body: {
            data: {
              search: {
                ids: hits.slice(0, perPage).map((b) => b.id),
                query: variables.q,
                query_type: 'Book',
                page: 1,
                per_page: perPage,
                results: { found: hits.length, out_of: all.length, page: 1, search_time_ms: 3, hits: hits.slice(0, perPage).map((b) => ({ document: searchDocument(b), highlight: {}, text_match: 1 })) },
              },
            },
          },
        };
      }
      case 'BookById': {
        const b = books.get(Number(variables.id));
        return { status: 200, body: { data: { books_by_pk: b ? bookJson(b) : null } } };
      }
      case 'EditionByIsbn':
      case 'EditionByAsin': {
        const key = String(variables.isbn ?? variables.asin ?? '');
        const b = all.find((x) => x.isbn13 === key || x.isbn10 === key || x.asin === key);
        const edition = b ? { id: b.id * 10, asin: b.asin ?? null, isbn_13: b.isbn13 ?? null, isbn_10: b.isbn10 ?? null, reading_format_id: b.asin ? 2 : 1, book: bookJson(b) } : undefined;
        return { status: 200, body: { data: { editions: edition ? [edition] : [] } } };
      }
      case 'SeriesById': {
        const id = Number(variables.id);
        const members = all.flatMap((b) => (b.series ?? []).filter((s) => s.id === id).map((s) => ({ s, b })));
        if (members.length === 0) return { status: 200, body: { data: { series: [] } } };
        // distinct_on position, most-read first, compilations excluded, as the docs' query asks.
        const byPosition = new Map<string, (typeof members)[number]>();
        for (const m of members.filter((x) => !x.b.compilation).sort((x, y) => (y.b.usersCount ?? 0) - (x.b.usersCount ?? 0))) {
          const key = String(m.s.position);
          if (!byPosition.has(key)) byPosition.set(key, m);
        }
        const rows = [...byPosition.values()].sort((x, y) => (x.s.position ?? Infinity) - (y.s.position ?? Infinity));
        return {
          status: 200,
          body: {
            data: {
              series: [
                {
                  id,
                  name: members[0]?.s.name,
                  book_series: rows.map(({ s, b }) => ({ position: s.position, details: s.details ?? (s.position === null ? null : String(s.position)), book: { id: b.id, title: b.title, release_year: b.releaseYear ?? null } })),
                },
              ],
            },
          },
        };
      }
      default:
        return { status: 200, body: gqlError(`field '${operationName ?? 'unknown'}' not found in type: 'query_root'`) };
    }
  };

  const server = await startHttpFake(
    (app) => {
      app.post('/v1/graphql', (req, res) => {
        res.set('RateLimit-Policy', '"Free";q=60;w=60;burst=10, "daily";q=5000;w=86400');
        res.set('RateLimit', '"Free";r=59;t=1, "daily";r=4999;t=86399');
        const auth = req.headers.authorization ?? '';
        if (auth !== `Bearer ${options.token}`) {
          return res.status(401).json({ error: 'invalid_token', error_description: 'The access token is missing, invalid or expired' });
        }
        const { status, body } = run(req);
        res.status(status).json(body);
      });
    },
    {
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json({ error: 'Too Many Requests', message: 'You have exceeded your rate limit' });
      },
      serverError(res) {
        res.status(500).json({ error: 'An unknown error occurred' });
      },
      expiredSession(res) {
        res.status(401).json({ error: 'invalid_token', error_description: 'The access token expired' });
      },
    },
  );
  const seed = (...list: HardcoverFakeBook[]) => list.forEach((b) => books.set(b.id, b));
  seed(...(options.books ?? []));
  return Object.assign(server, { apiUrl: `${server.url}/v1/`, books, seed });
}
