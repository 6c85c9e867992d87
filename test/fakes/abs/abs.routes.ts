import type { Express, Request, Response } from 'express';
import { queryString } from '../http-fake.js';
import { AbsAuth, isAdmin, newUser, requireUser, userJson } from './abs.auth.js';
import { applyFilter, pageParams, sortItems } from './abs.list.js';
import type { FakeUser } from './abs.model.js';
import { absEntityRoutes } from './abs.entity-routes.js';
import { applyMediaPatch } from './abs.patch.js';
import type { AbsScanner, Emit } from './abs.scanner.js';
import { authorJson, expandedJson, libraryJson, minifiedJson, oldJson, seriesBaseJson, seriesJson } from './abs.serialize.js';
import type { AbsStore } from './abs.store.js';

export interface AbsRouteDeps {
  store: AbsStore;
  auth: AbsAuth;
  scanner: AbsScanner;
  emit: Emit;
}

const text = (res: Response, status: number, body: string) => res.status(status).type('text/plain').send(body);
const user = (res: Response) => res.locals.user as FakeUser;
const param = (req: Request, name: string) => String(req.params[name] ?? '');

export function absRoutes(app: Express, deps: AbsRouteDeps): void {
  const { store, auth, scanner, emit } = deps;

  app.get('/healthcheck', (_req, res) => res.sendStatus(200));
  app.get('/ping', (_req, res) => res.json({ success: true }));
  app.get('/status', (_req, res) =>
    res.json({ app: 'audiobookshelf', serverVersion: '2.36.0', isInit: true, language: 'en-us', authMethods: ['local'], authFormData: { authLoginCustomMessage: '' } }),
  );

  app.post('/login', (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const u = [...store.users.values()].find((x) => x.username === body.username && x.password === body.password);
    if (!u) return text(res, 401, 'Unauthorized');
    const wantsTokens = req.headers['x-return-tokens'] === 'true';
    res.json({
      user: userJson(u, {
        token: auth.issue('legacy', u),
        accessToken: auth.issue('access', u),
        refreshToken: wantsTokens ? auth.issue('refresh', u) : null,
      }),
      userDefaultLibraryId: [...store.libraries.keys()][0] ?? null,
      serverSettings: { id: 'server-settings', version: '2.36.0' },
      ereaderDevices: [],
      Source: 'debian',
    });
  });

  app.post('/auth/refresh', (req, res) => {
    const header = req.headers['x-refresh-token'];
    if (typeof header !== 'string' || !header) return res.status(401).json({ error: 'No refresh token provided' });
    const userId = auth.refreshUser(header);
    const u = userId ? store.users.get(userId) : undefined;
    if (!u) return res.status(401).json({ error: 'Invalid refresh token' });
    res.json({ user: userJson(u, { token: auth.issue('legacy', u), accessToken: auth.issue('access', u), refreshToken: auth.issue('refresh', u) }) });
  });

  app.use('/api', requireUser(auth, store.users));

  app.get('/api/me', (_req, res) => {
    const u = user(res);
    res.json({ id: u.id, username: u.username, type: u.type, permissions: { update: u.canUpdate } });
  });

  app.get('/api/libraries', (_req, res) => res.json({ libraries: [...store.libraries.values()].map(libraryJson) }));

  app.get('/api/libraries/:id', (req, res) => {
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    res.json(libraryJson(lib));
  });

  app.get('/api/libraries/:id/items', (req, res) => {
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    const paging = pageParams(req);
    if ('error' in paging) return text(res, 400, paging.error);
    const sortBy = queryString(req, 'sort');
    const filterBy = queryString(req, 'filter');
    const desc = queryString(req, 'desc') === '1';
    const filtered = applyFilter(store, store.itemsOf(lib.id), filterBy);
    const sorted = sortItems(store, filtered.items, sortBy, desc, filtered.seriesId);
    const offset = paging.page * paging.limit;
    const slice = paging.limit > 0 ? sorted.slice(offset, offset + paging.limit) : sorted;
    res.json({
      results: slice.map((i) => minifiedJson(store, i, filtered.seriesId)),
      total: sorted.length,
      limit: paging.limit,
      page: paging.page,
      ...(sortBy ? { sortBy } : {}),
      sortDesc: desc,
      ...(filterBy ? { filterBy } : {}),
      mediaType: 'book',
      minified: queryString(req, 'minified') === '1',
      collapseseries: false,
      include: queryString(req, 'include') ?? '',
      offset,
    });
  });

  app.get('/api/libraries/:id/series', (req, res) => {
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    const paging = pageParams(req);
    if ('error' in paging) return text(res, 400, paging.error);
    const all = [...store.series.values()].filter((s) => s.libraryId === lib.id).sort((a, b) => a.name.localeCompare(b.name));
    const offset = paging.page * paging.limit;
    const slice = paging.limit > 0 ? all.slice(offset, offset + paging.limit) : all;
    res.json({ results: slice.map((s) => seriesJson(store, s)), total: all.length, limit: paging.limit, page: paging.page, sortDesc: false, minified: false, include: '' });
  });

  app.get('/api/series/:id', (req, res) => {
    const s = store.series.get(param(req, 'id'));
    if (!s || store.booksOfSeries(s.id).length === 0) return text(res, 404, 'Not Found');
    res.json(seriesJson(store, s));
  });

  app.get('/api/libraries/:id/authors', (req, res) => {
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    const all = [...store.authors.values()].filter((a) => a.libraryId === lib.id).map((a) => authorJson(store, a));
    const paging = pageParams(req);
    if ('error' in paging) return text(res, 400, paging.error);
    if (req.query.limit === undefined || req.query.page === undefined) return res.json({ authors: all });
    const offset = paging.page * paging.limit;
    res.json({ results: all.slice(offset, offset + paging.limit), total: all.length, limit: paging.limit, page: paging.page, sortDesc: false, include: '' });
  });

  app.get('/api/authors/:id', (req, res) => {
    const a = store.authors.get(param(req, 'id'));
    if (!a) return text(res, 404, 'Not Found');
    const { numBooks: _n, ...base } = authorJson(store, a);
    const include = (queryString(req, 'include') ?? '').split(',');
    res.json({
      ...base,
      ...(include.includes('items') ? { libraryItems: store.booksOfAuthor(a.id).map((i) => minifiedJson(store, i)) } : {}),
    });
  });

  app.get('/api/libraries/:id/search', (req, res) => {
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    const q = queryString(req, 'q');
    if (q === undefined) return text(res, 400, 'Invalid request. Query param "q" must be a string');
    const limit = Number(queryString(req, 'limit') ?? 12) || 12;
    const needle = q.toLowerCase();
    const has = (s: string | null | undefined) => !!s && s.toLowerCase().includes(needle);
    const items = store.itemsOf(lib.id);
    const books = items.filter((i) => has(i.metadata.title) || has(i.metadata.subtitle) || has(i.metadata.asin) || has(i.metadata.isbn)).slice(0, limit);
    const authors = [...store.authors.values()].filter((a) => a.libraryId === lib.id && has(a.name)).slice(0, limit);
    const series = [...store.series.values()].filter((s) => s.libraryId === lib.id && has(s.name)).slice(0, limit);
    const narrators = [...new Set(items.flatMap((i) => i.metadata.narrators))].filter(has);
    res.json({
      book: books.map((i) => ({ libraryItem: expandedJson(store, i) })),
      narrators: narrators.map((name) => ({ name, numBooks: items.filter((i) => i.metadata.narrators.includes(name)).length })),
      tags: [],
      genres: [],
      // The real 2.36.0 answers these books without their author and series links, and the authors without lastFirst.
      series: series.map((s) => ({ series: seriesBaseJson(s), books: store.booksOfSeries(s.id).map((i) => oldJson(store, i, { links: false })) })),
      authors: authors.map((a) => {
        const { lastFirst: _lf, ...json } = authorJson(store, a);
        return json;
      }),
    });
  });

  app.post('/api/libraries/:id/scan', (req, res) => {
    if (!isAdmin(user(res))) return text(res, 403, 'Forbidden');
    const lib = store.libraries.get(param(req, 'id'));
    if (!lib) return text(res, 404, 'Library not found');
    scanner.requestLibraryScan(lib);
    res.sendStatus(200);
  });

  app.post('/api/watcher/update', (req, res) => {
    if (!isAdmin(user(res))) return text(res, 403, 'Forbidden');
    const body = (req.body ?? {}) as Record<string, unknown>;
    const lib = typeof body.libraryId === 'string' ? store.libraries.get(body.libraryId) : undefined;
    // ABS answers 200 even when it ignores the update (unknown library, path outside it).
    if (lib && typeof body.path === 'string' && body.type === 'add') scanner.requestWatcherScan(lib, body.path);
    res.sendStatus(200);
  });

  absEntityRoutes(app, { store, emit });

  app.post('/api/items/batch/get', (req, res) => {
    const ids = (req.body as { libraryItemIds?: unknown } | undefined)?.libraryItemIds;
    if (!Array.isArray(ids)) return text(res, 400, 'Invalid request payload');
    const found = ids.map((id) => store.items.get(String(id))).filter((i) => i !== undefined);
    res.json({ libraryItems: found.map((i) => expandedJson(store, i)) });
  });

  app.get('/api/items/:id', (req, res) => {
    const item = store.items.get(param(req, 'id'));
    if (!item) return text(res, 404, 'Not Found');
    // `userMediaProgress` only with include=progress (LibraryItemController.findOne).
    const include = (queryString(req, 'include') ?? '').split(',');
    if (queryString(req, 'expanded') === '1') return res.json({ ...expandedJson(store, item), ...(include.includes('progress') ? { userMediaProgress: null } : {}) });
    res.json(oldJson(store, item));
  });

  app.patch('/api/items/:id/media', (req, res) => {
    const u = user(res);
    if (!u.canUpdate) return text(res, 403, 'Forbidden');
    const item = store.items.get(param(req, 'id'));
    if (!item) return text(res, 404, 'Not Found');
    const changed = applyMediaPatch(store, item, req.body);
    if (changed) emit('item_updated', expandedJson(store, item));
    // `updated: false || undefined` in ABS: the key is absent on a no-op.
    res.json({ ...(changed ? { updated: true } : {}), libraryItem: oldJson(store, item) });
  });
}

export { AbsAuth, newUser };
