/**
 * Fake Open Library (contracts §6): /search.json (q or title/author/isbn field params, `fields=` honoured, limit),
 * /works/{id}.json (description as a string or {type,value}), /isbn/{isbn}.json → 302 to /books/{id}.json,
 * /authors/{id}.json, and its JSON 429 body.
 */
import { startHttpFake, queryString, type FakeServer } from '../http-fake.js';

export interface OpenLibraryFakeWork {
  /** "OL21745884W" */
  workId: string;
  title: string;
  subtitle?: string;
  authors: { key: string; name: string }[];
  firstPublishYear?: number;
  coverId?: number;
  editions: { editionId: string; isbn13?: string; isbn10?: string; publisher?: string }[];
  language?: string;
  /** A plain string, or the `{type, value}` form. */
  description?: string | { type: '/type/text'; value: string };
  subjects?: string[];
}

export interface OpenLibraryFake extends FakeServer {
  works: Map<string, OpenLibraryFakeWork>;
  seed(...works: OpenLibraryFakeWork[]): void;
}

function doc(w: OpenLibraryFakeWork): Record<string, unknown> {
  const isbns = w.editions.flatMap((e) => [e.isbn13, e.isbn10]).filter((x): x is string => Boolean(x));
  return {
    key: `/works/${w.workId}`,
    type: 'work',
    title: w.title,
    ...(w.subtitle ? { subtitle: w.subtitle } : {}),
    author_name: w.authors.map((a) => a.name),
    author_key: w.authors.map((a) => a.key),
    ...(w.firstPublishYear ? { first_publish_year: w.firstPublishYear } : {}),
    edition_count: w.editions.length,
    ...(w.coverId ? { cover_i: w.coverId } : {}),
    edition_key: w.editions.map((e) => e.editionId),
    ...(isbns.length > 0 ? { isbn: isbns } : {}),
    language: [w.language ?? 'eng'],
    publisher: w.editions.map((e) => e.publisher).filter(Boolean),
    has_fulltext: false,
  };
}

export async function startOpenLibraryFake(initial: OpenLibraryFakeWork[] = []): Promise<OpenLibraryFake> {
  const works = new Map<string, OpenLibraryFakeWork>();
  const server = await startHttpFake(
    (app) => {
      app.get('/search.json', (req, res) => {
        const q = queryString(req, 'q')?.toLowerCase();
        const title = queryString(req, 'title')?.toLowerCase();
        const author = queryString(req, 'author')?.toLowerCase();
        const isbn = queryString(req, 'isbn');
        const limit = Number(queryString(req, 'limit') ?? '100');
        const fields = queryString(req, 'fields');
        const words = (text: string | undefined, hay: string) => !text || text.split(/\s+/).every((w) => hay.toLowerCase().includes(w));
        const hits = [...works.values()].filter(
          (w) =>
            words(title, w.title) &&
            words(author, w.authors.map((a) => a.name).join(' ')) &&
            words(q, `${w.title} ${w.authors.map((a) => a.name).join(' ')}`) &&
            (!isbn || w.editions.some((e) => e.isbn13 === isbn || e.isbn10 === isbn)),
        );
        const wanted = fields && fields !== '*' ? new Set(fields.split(',')) : undefined;
        const docs = hits.slice(0, limit).map((w) => {
          const d = doc(w);
          return wanted ? Object.fromEntries(Object.entries(d).filter(([k]) => wanted.has(k))) : d;
        });
        res.json({ numFound: hits.length, start: 0, numFoundExact: true, num_found: hits.length, q: q ?? '', offset: null, docs });
      });
      app.get('/works/:file', (req, res) => {
        const w = works.get(req.params.file.replace(/\.json$/, ''));
        if (!w) return res.status(404).json({ error: 'notfound', key: `/works/${req.params.file}` });
        res.json({
          key: `/works/${w.workId}`,
          type: { key: '/type/work' },
          title: w.title,
          authors: w.authors.map((a) => ({ author: { key: `/authors/${a.key}` }, type: { key: '/type/author_role' } })),
          ...(w.description ? { description: w.description } : {}),
          covers: w.coverId ? [w.coverId, -1] : [],
          ...(w.subjects ? { subjects: w.subjects } : {}),
          revision: 3,
        });
      });
      app.get('/isbn/:file', (req, res) => {
        const isbn = req.params.file.replace(/\.json$/, '');
        for (const w of works.values()) {
          const e = w.editions.find((x) => x.isbn13 === isbn || x.isbn10 === isbn);
          if (e) return res.redirect(302, `/books/${e.editionId}.json`);
        }
        res.status(404).json({ error: 'notfound', key: `/isbn/${isbn}` });
      });
      app.get('/books/:file', (req, res) => {
        const id = req.params.file.replace(/\.json$/, '');
        for (const w of works.values()) {
          const e = w.editions.find((x) => x.editionId === id);
          if (e) {
            return res.json({
              key: `/books/${id}`,
              type: { key: '/type/edition' },
              title: w.title,
              authors: w.authors.map((a) => ({ key: `/authors/${a.key}` })),
              works: [{ key: `/works/${w.workId}` }],
              publishers: e.publisher ? [e.publisher] : [],
              ...(e.isbn13 ? { isbn_13: [e.isbn13] } : {}),
              ...(e.isbn10 ? { isbn_10: [e.isbn10] } : {}),
            });
          }
        }
        res.status(404).json({ error: 'notfound', key: `/books/${id}` });
      });
      app.get('/authors/:file', (req, res) => {
        const key = req.params.file.replace(/\.json$/, '');
        const a = [...works.values()].flatMap((w) => w.authors).find((x) => x.key === key);
        if (!a) return res.status(404).json({ error: 'notfound', key: `/authors/${key}` });
        res.json({ key: `/authors/${a.key}`, name: a.name, bio: { type: '/type/text', value: 'An author.' } });
      });
    },
    {
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json({ status: 429, message: 'Too Many Requests. Consider using https://openlibrary.org/developers/dumps.' });
      },
      serverError(res) {
        res.status(503).type('text/html').send('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');
      },
    },
  );
  const seed = (...list: OpenLibraryFakeWork[]) => list.forEach((w) => works.set(w.workId, w));
  seed(...initial);
  return Object.assign(server, { works, seed });
}
