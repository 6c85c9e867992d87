/**
 * Fake Audnexus (contracts §7): /books/{asin} (+region), /books/search?q=, /authors?name= (only seeded authors),
 * the three error body shapes, ASIN and region validation, and a 429 with `details.retryAfterSeconds`.
 */
import { startHttpFake, queryString, type FakeServer } from '../http-fake.js';

export interface AudnexusFakeBook {
  asin: string;
  title: string;
  subtitle?: string;
  authors: { asin?: string; name: string }[];
  narrators?: { name: string }[];
  seriesPrimary?: { asin?: string; name: string; position?: string };
  seriesSecondary?: { asin?: string; name: string; position?: string };
  publisherName?: string;
  releaseDate?: string;
  runtimeLengthMin?: number;
  language?: string;
  isbn?: string;
  genres?: { asin: string; name: string; type: 'genre' | 'tag' }[];
  image?: string;
  description?: string;
  summary?: string;
}

const REGIONS = new Set(['au', 'ca', 'de', 'es', 'fr', 'in', 'it', 'jp', 'us', 'uk']);
const ASIN = /^(B[0-9A-Z]{9}|\d{9}(X|\d))$/;

/** Completes a seed into the full record the server returns (required-always fields filled). */
function full(book: AudnexusFakeBook, region: string): Record<string, unknown> {
  return {
    description: '',
    formatType: 'unabridged',
    language: 'english',
    publisherName: 'Audible Studios',
    rating: '4.5',
    releaseDate: '2021-05-04T00:00:00.000Z',
    runtimeLengthMin: 600,
    summary: '',
    ...book,
    region,
  };
}

export interface AudnexusFake extends FakeServer {
  books: Map<string, AudnexusFakeBook>;
  seed(...books: AudnexusFakeBook[]): void;
}

export async function startAudnexusFake(initial: AudnexusFakeBook[] = []): Promise<AudnexusFake> {
  const books = new Map<string, AudnexusFakeBook>();
  const error = (code: string, message: string, details: unknown = null) => ({ error: { code, message, details } });
  const server = await startHttpFake(
    (app) => {
      app.get('/books/search', (req, res) => {
        const q = queryString(req, 'q');
        const region = queryString(req, 'region') ?? 'us';
        // The new route answers its errors in the flat shape (contracts §7.2).
        if (!q) return res.status(400).json({ error: 'Bad Request', message: 'q is required' });
        if (!REGIONS.has(region)) return res.status(400).json(error('BAD_REQUEST', `Invalid region: ${region}`));
        const words = q.toLowerCase().split(/\s+/).filter(Boolean);
        const hits = [...books.values()].filter((b) => {
          const hay = `${b.title} ${b.subtitle ?? ''} ${b.authors.map((a) => a.name).join(' ')}`.toLowerCase();
          return words.every((w) => hay.includes(w));
        });
        res.json(hits.slice(0, 10).map((b) => full(b, region)));
      });
      app.get('/books/:asin', (req, res) => {
        const asin = req.params.asin.trim();
        const region = queryString(req, 'region') ?? 'us';
        if (!REGIONS.has(region)) return res.status(400).json(error('BAD_REQUEST', `Invalid region: ${region}`));
        if (!ASIN.test(asin)) return res.status(400).json(error('BAD_REQUEST', 'Bad ASIN'));
        const book = books.get(asin);
        if (!book) return res.status(404).json(error('REGION_UNAVAILABLE', `Item not available in region '${region}' for ASIN: ${asin}`));
        res.json(full(book, region));
      });
      app.get('/authors', (req, res) => {
        const name = queryString(req, 'name') ?? '';
        if (name.length < 2) return res.status(400).json(error('BAD_REQUEST', 'name is required'));
        const seen = new Map<string, { asin: string; name: string }>();
        for (const b of books.values()) {
          for (const a of b.authors) if (a.asin && a.name.toLowerCase().includes(name.toLowerCase())) seen.set(a.asin, { asin: a.asin, name: a.name });
        }
        res.json([...seen.values()].slice(0, 25));
      });
      app.get('/health', (_req, res) => res.json({ status: 'healthy', timestamp: new Date().toISOString(), checks: { server: true, database: true, redis: true } }));
    },
    {
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json(error('RATE_LIMIT_EXCEEDED', 'Rate limit reached. Please try again later.', retryAfter === null ? null : { retryAfterSeconds: Number(retryAfter) }));
      },
      serverError(res) {
        res.status(500).json(error('500', 'Internal Server Error'));
      },
    },
  );
  const seed = (...list: AudnexusFakeBook[]) => list.forEach((b) => books.set(b.asin, b));
  seed(...initial);
  return Object.assign(server, { books, seed });
}
