/**
 * Fake MyAnonamouse (contracts §9, §10): the search JSON endpoint (GET bracket params and POST JSON), weekly top
 * lists (sortType snatchedDesc with a startDate/endDate window in unix seconds or YYYY-MM-DD), .torrent downloads by
 * tid (cookie) or dl token, jsonLoad.php; 403 on a bad mam_id, an HTML page when not signed in, the
 * "Nothing returned" answer on no hits, and a session rotation through Set-Cookie.
 */
import type { Request } from 'express';
import { startHttpFake, type FakeServer } from '../http-fake.js';

export interface MamFakeTorrent {
  id: number;
  title: string;
  authors: string[];
  narrators?: string[];
  series?: { name: string; number: string }[];
  /** Overrides the JSON-in-a-string fields verbatim (e.g. malformed JSON). */
  rawAuthorInfo?: string;
  rawSeriesInfo?: string;
  mainCat?: number;
  category?: number;
  catname?: string;
  langCode?: string;
  filetype?: string;
  size?: string;
  seeders?: number;
  leechers?: number;
  timesCompleted?: number;
  /** "yyyy-MM-dd HH:mm:ss" UTC */
  added?: string;
  free?: boolean;
  vip?: boolean;
  personalFreeleech?: boolean;
  /** Send numbers as numeric strings, as MAM sometimes does. */
  numbersAsStrings?: boolean;
}

export interface MamFake extends FakeServer {
  torrents: Map<number, MamFakeTorrent>;
  seed(...torrents: MamFakeTorrent[]): void;
  /** The currently valid session value. */
  session: { mamId: string; rotateTo?: string };
  /** How the 'expired_session' fault answers: 403 (default) or an HTML "not signed in" page. */
  expiredAs: 'forbidden' | 'html';
  /** The account's transfer totals jsonLoad.php reports (`uploaded_bytes`, `downloaded_bytes`); change them freely. */
  account: { uploadedBytes: number; downloadedBytes: number };
}

const NOT_SIGNED_IN = '<html><body>Error, you are not signed in <br /><a href="/login.php">Log in</a></body></html>';

function infoJson(entries: Array<[number, unknown]>): string {
  return JSON.stringify(Object.fromEntries(entries.map(([k, v]) => [String(k), v])));
}

function row(t: MamFakeTorrent, withDl: boolean): Record<string, unknown> {
  const n = (v: number) => (t.numbersAsStrings ? String(v) : v);
  return {
    id: n(t.id),
    title: t.title,
    author_info: t.rawAuthorInfo ?? infoJson(t.authors.map((a, i) => [100 + i, a])),
    narrator_info: infoJson((t.narrators ?? []).map((a, i) => [200 + i, a])),
    series_info: t.rawSeriesInfo ?? infoJson((t.series ?? []).map((s, i) => [300 + i, [s.name, s.number, Number(s.number) || 0]])),
    main_cat: n(t.mainCat ?? 13),
    category: n(t.category ?? 41),
    catname: t.catname ?? 'Audiobooks - Fantasy',
    lang_code: t.langCode ?? 'ENG',
    language: 1,
    filetype: t.filetype ?? 'm4b',
    size: t.size ?? '488.3 MiB',
    numfiles: n(1),
    seeders: n(t.seeders ?? 10),
    leechers: n(t.leechers ?? 0),
    times_completed: n(t.timesCompleted ?? 0),
    added: t.added ?? '2026-08-20 12:00:00',
    free: t.free ? 1 : 0,
    vip: t.vip ? 1 : 0,
    fl_vip: t.vip ? 1 : 0,
    personal_freeleech: t.personalFreeleech ? 1 : 0,
    tags: '',
    owner: 1,
    owner_name: 'uploader',
    my_snatched: 0,
    browseflags: 0,
    ...(withDl ? { dl: `dl${t.id}TOKENabc` } : {}),
  };
}

/** A minimal but valid bencoded .torrent (single file), the announce URL carrying a passkey like MAM's do. */
export function fakeTorrentBytes(t: { id: number; title: string }): Buffer {
  const s = (v: string) => `${Buffer.byteLength(v)}:${v}`;
  const pieces = Buffer.alloc(20, t.id % 256);
  const head = `d8:announce${s('https://t.myanonamouse.net/tracker.php/PASSKEY/announce')}4:infod6:lengthi1024e4:name${s(`${t.title}.m4b`)}12:piece lengthi16384e6:pieces20:`;
  return Buffer.concat([Buffer.from(head), pieces, Buffer.from('ee')]);
}

/** Parameters from the GET bracket form or the POST JSON form, flattened to one shape. */
function searchParams(req: Request) {
  if (req.method === 'POST' && req.body && typeof req.body === 'object' && 'tor' in req.body) {
    const body = req.body as { tor: Record<string, unknown>; perpage?: unknown; dlLink?: unknown };
    const tor = body.tor;
    const srchIn = Array.isArray(tor.srchIn) ? (tor.srchIn as string[]) : Object.keys((tor.srchIn as object) ?? {});
    return {
      text: String(tor.text ?? ''),
      srchIn,
      mainCats: ((tor.main_cat as unknown[]) ?? []).map(Number),
      cats: ((tor.cat as unknown[]) ?? ['0']).map(Number),
      sortType: String(tor.sortType ?? 'default'),
      perPage: Number(body.perpage ?? tor.perpage ?? 100),
      start: Number(tor.startNumber ?? 0),
      startDate: tor.startDate as string | undefined,
      endDate: tor.endDate as string | undefined,
      dl: Boolean(body.dlLink),
    };
  }
  const q = req.query as Record<string, string | string[] | undefined>;
  const list = (k: string) => {
    const v = q[k];
    return v === undefined ? [] : Array.isArray(v) ? v : [v];
  };
  const one = (k: string) => list(k)[0];
  return {
    text: one('tor[text]') ?? '',
    srchIn: Object.keys(q).filter((k) => k.startsWith('tor[srchIn][')).map((k) => k.slice(12, -1)),
    mainCats: list('tor[main_cat][]').map(Number),
    cats: list('tor[cat][]').map(Number),
    sortType: one('tor[sortType]') ?? 'default',
    perPage: Number(one('tor[perpage]') ?? one('perpage') ?? 100),
    start: Number(one('tor[startNumber]') ?? 0),
    startDate: one('tor[startDate]'),
    endDate: one('tor[endDate]'),
    dl: one('dlLink') !== undefined,
  };
}

/** Unix seconds or YYYY-MM-DD → ms. */
function dateMs(value: string | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(`${value}T00:00:00Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

export async function startMamFake(options: { mamId: string; torrents?: MamFakeTorrent[] }): Promise<MamFake> {
  const torrents = new Map<number, MamFakeTorrent>();
  const state = { session: { mamId: options.mamId } as { mamId: string; rotateTo?: string }, expiredAs: 'forbidden' as 'forbidden' | 'html', account: { uploadedBytes: 5.1 * 1024 ** 4, downloadedBytes: 1.6 * 1024 ** 4 } };

  /** undefined when the cookie is fine; otherwise the response has been sent. */
  const authenticate = (req: Request, res: import('express').Response): boolean => {
    const cookie = req.headers.cookie ?? '';
    const value = /(?:^|;\s*)mam_id=([^;]+)/.exec(cookie)?.[1];
    if (!value) {
      res.status(200).type('text/html').send(NOT_SIGNED_IN);
      return false;
    }
    if (value !== state.session.mamId) {
      res.status(403).type('text/plain').send('mam_id expired or invalid');
      return false;
    }
    if (state.session.rotateTo) {
      res.append('Set-Cookie', `mam_id=${state.session.rotateTo}; expires=Fri, 25-Sep-2026 10:00:00 GMT; path=/; domain=.myanonamouse.net; secure; HttpOnly`);
      state.session.mamId = state.session.rotateTo;
      delete state.session.rotateTo;
    }
    return true;
  };

  const server = await startHttpFake(
    (app) => {
      const search = (req: Request, res: import('express').Response) => {
        if (!authenticate(req, res)) return;
        const p = searchParams(req);
        const words = p.text.toLowerCase().split(/\s+/).filter(Boolean);
        const fields = p.srchIn.length > 0 ? p.srchIn : ['title'];
        const from = dateMs(p.startDate);
        const to = dateMs(p.endDate);
        let hits = [...torrents.values()].filter((t) => {
          const hay = [
            fields.includes('title') ? t.title : '',
            fields.includes('author') ? t.authors.join(' ') : '',
            fields.includes('narrator') ? (t.narrators ?? []).join(' ') : '',
            fields.includes('series') ? (t.series ?? []).map((s) => s.name).join(' ') : '',
          ]
            .join(' ')
            .toLowerCase();
          const added = Date.parse(`${(t.added ?? '2026-08-20 12:00:00').replace(' ', 'T')}Z`);
          return (
            words.every((w) => hay.includes(w)) &&
            (p.mainCats.length === 0 || p.mainCats.includes(t.mainCat ?? 13)) &&
            (p.cats.length === 0 || p.cats.includes(0) || p.cats.includes(t.category ?? 41)) &&
            (from === undefined || added >= from) &&
            (to === undefined || added <= to)
          );
        });
        if (p.sortType === 'snatchedDesc') hits = hits.sort((a, b) => (b.timesCompleted ?? 0) - (a.timesCompleted ?? 0));
        if (hits.length === 0) return res.json({ error: `Nothing returned, out of ${torrents.size}` });
        const page = hits.slice(p.start, p.start + p.perPage);
        res.json({ perpage: p.perPage, start: p.start, found: hits.length, total: hits.length, data: page.map((t) => row(t, p.dl)) });
      };
      app.get('/tor/js/loadSearchJSONbasic.php', search);
      app.post('/tor/js/loadSearchJSONbasic.php', search);
      app.get('/tor/download.php/:dl', (req, res) => {
        // The dl token authorises the download by itself.
        const id = Number(/^dl(\d+)TOKENabc$/.exec(req.params.dl)?.[1]);
        const t = torrents.get(id);
        if (!t) return res.status(404).type('text/html').send('<html>Not found</html>');
        res.type('application/x-bittorrent').send(fakeTorrentBytes(t));
      });
      app.get('/tor/download.php', (req, res) => {
        if (!authenticate(req, res)) return;
        const t = torrents.get(Number(req.query.tid));
        if (!t) return res.status(404).type('text/html').send('<html>Not found</html>');
        res.type('application/x-bittorrent').send(fakeTorrentBytes(t));
      });
      app.get('/jsonLoad.php', (req, res) => {
        if (!authenticate(req, res)) return;
        res.json({
          username: 'reader',
          uid: 4242,
          classname: 'Power User',
          ratio: 3.2,
          uploaded: '5.1 TiB',
          uploaded_bytes: Math.round(state.account.uploadedBytes),
          downloaded_bytes: Math.round(state.account.downloadedBytes),
          unsat: { name: 'Unsatisfied', count: 3, limit: 100, red: false, size: 0 },
        });
      });
    },
    {
      expiredSession(res) {
        if (state.expiredAs === 'html') res.status(200).type('text/html').send(NOT_SIGNED_IN);
        else res.status(403).type('text/plain').send('mam_id expired or invalid');
      },
      rateLimited(res, retryAfter) {
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json({ error: 'Too many requests' });
      },
    },
  );
  const seed = (...list: MamFakeTorrent[]) => list.forEach((t) => torrents.set(t.id, t));
  seed(...(options.torrents ?? []));
  const fake = Object.assign(server, { torrents, seed, session: state.session, expiredAs: state.expiredAs, account: state.account });
  // A live accessor (Object.assign would copy a snapshot).
  Object.defineProperty(fake, 'expiredAs', {
    get: () => state.expiredAs,
    set: (v: 'forbidden' | 'html') => {
      state.expiredAs = v;
    },
  });
  return fake;
}
