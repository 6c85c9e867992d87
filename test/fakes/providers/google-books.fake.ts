/**
 * Fake Google Books (contracts §5): /books/v1/volumes?q= with intitle:/inauthor:/isbn: keywords, `items` omitted when
 * nothing matches, maxResults > 40 → 400, an optional required API key (400 keyInvalid), /volumes/{id} (404),
 * and the standard error envelope for 429 quota and 5xx.
 */
import { startHttpFake, queryString, type FakeServer } from '../http-fake.js';

export interface GoogleFakeVolume {
  id: string;
  title: string;
  subtitle?: string;
  authors?: string[];
  publisher?: string;
  publishedDate?: string;
  description?: string;
  isbn13?: string;
  isbn10?: string;
  categories?: string[];
  language?: string;
}

function envelope(code: number, reason: string, message: string) {
  return { error: { code, message, errors: [{ message, domain: 'global', reason }], status: code === 429 ? 'RESOURCE_EXHAUSTED' : 'INVALID_ARGUMENT' } };
}

function volumeJson(v: GoogleFakeVolume) {
  const ids = [
    ...(v.isbn13 ? [{ type: 'ISBN_13', identifier: v.isbn13 }] : []),
    ...(v.isbn10 ? [{ type: 'ISBN_10', identifier: v.isbn10 }] : []),
  ];
  return {
    kind: 'books#volume',
    id: v.id,
    etag: 'x',
    selfLink: `https://www.googleapis.com/books/v1/volumes/${v.id}`,
    volumeInfo: {
      title: v.title,
      ...(v.subtitle ? { subtitle: v.subtitle } : {}),
      ...(v.authors ? { authors: v.authors } : {}),
      ...(v.publisher ? { publisher: v.publisher } : {}),
      ...(v.publishedDate ? { publishedDate: v.publishedDate } : {}),
      ...(v.description ? { description: v.description } : {}),
      ...(ids.length > 0 ? { industryIdentifiers: ids } : {}),
      printType: 'BOOK',
      ...(v.categories ? { categories: v.categories } : {}),
      language: v.language ?? 'en',
      imageLinks: {
        smallThumbnail: `http://books.google.com/books/content?id=${v.id}&printsec=frontcover&img=1&zoom=5&edge=curl&source=gbs_api`,
        thumbnail: `http://books.google.com/books/content?id=${v.id}&printsec=frontcover&img=1&zoom=1&edge=curl&source=gbs_api`,
      },
    },
    saleInfo: { country: 'US', saleability: 'NOT_FOR_SALE', isEbook: false },
  };
}

/** Splits `intitle:hail mary inauthor:weir` into keyword → text. */
function parseQuery(q: string): Record<string, string> {
  const out: Record<string, string> = {};
  let current = 'any';
  for (const token of q.split(/\s+/)) {
    const m = /^(intitle|inauthor|isbn|inpublisher|subject):(.*)$/.exec(token);
    if (m) {
      current = m[1] as string;
      out[current] = (m[2] ?? '').replace(/"/g, '');
    } else {
      out[current] = `${out[current] ?? ''} ${token.replace(/"/g, '')}`.trim();
    }
  }
  return out;
}

export interface GoogleBooksFake extends FakeServer {
  /** Base URL to give the client (`…/books/v1`). */
  apiUrl: string;
  volumes: Map<string, GoogleFakeVolume>;
  seed(...volumes: GoogleFakeVolume[]): void;
}

export async function startGoogleBooksFake(options: { apiKey?: string; volumes?: GoogleFakeVolume[] } = {}): Promise<GoogleBooksFake> {
  const volumes = new Map<string, GoogleFakeVolume>();
  const server = await startHttpFake(
    (app) => {
      app.use('/books/v1', (req, res, next) => {
        if (options.apiKey && queryString(req, 'key') !== options.apiKey) {
          return res.status(400).json(envelope(400, 'keyInvalid', 'API key not valid. Please pass a valid API key.'));
        }
        next();
      });
      app.get('/books/v1/volumes', (req, res) => {
        const q = queryString(req, 'q');
        const max = Number(queryString(req, 'maxResults') ?? '10');
        if (!q) return res.status(400).json(envelope(400, 'required', 'Required parameter: q'));
        if (!(max >= 0 && max <= 40)) return res.status(400).json(envelope(400, 'invalid', 'Invalid value at maxResults'));
        const terms = parseQuery(q.toLowerCase());
        const has = (text: string | undefined, words: string | undefined) =>
          !words || words.split(/\s+/).every((w) => (text ?? '').toLowerCase().includes(w));
        const hits = [...volumes.values()].filter(
          (v) =>
            has(v.title, terms.intitle) &&
            has((v.authors ?? []).join(' '), terms.inauthor) &&
            (!terms.isbn || v.isbn13 === terms.isbn || v.isbn10 === terms.isbn) &&
            has(`${v.title} ${(v.authors ?? []).join(' ')}`, terms.any),
        );
        const page = hits.slice(0, max);
        // No matches: `items` is absent, not [] (contracts §5.2).
        res.json({ kind: 'books#volumes', totalItems: hits.length, ...(page.length > 0 ? { items: page.map(volumeJson) } : {}) });
      });
      app.get('/books/v1/volumes/:id', (req, res) => {
        const v = volumes.get(req.params.id);
        if (!v) return res.status(404).json(envelope(404, 'notFound', 'The volume ID could not be found.'));
        res.json(volumeJson(v));
      });
    },
    {
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json(envelope(429, 'rateLimitExceeded', "Quota exceeded for quota metric 'Queries' and limit 'Queries per day'"));
      },
      serverError(res) {
        res.status(503).json(envelope(503, 'backendError', 'Backend Error'));
      },
      expiredSession(res) {
        res.status(400).json(envelope(400, 'keyInvalid', 'API key expired. Please renew the API key.'));
      },
    },
  );
  const seed = (...list: GoogleFakeVolume[]) => list.forEach((v) => volumes.set(v.id, v));
  seed(...(options.volumes ?? []));
  return Object.assign(server, { apiUrl: `${server.url}/books/v1`, volumes, seed });
}
