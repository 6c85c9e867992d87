import type { Express, NextFunction, Request, Response } from 'express';
import { queryList, queryString } from '../http-fake.js';
import { indexerJson, releaseJson, type FakeIndexer, type FakeRelease } from './prowlarr.model.js';

export interface ProwlarrState {
  apiKey: string;
  baseUrl: string;
  indexers: Map<number, FakeIndexer>;
  releases: FakeRelease[];
  /** `${indexerId}_${guid}` → time cached; grabs only work for releases searched in the last 30 min. */
  grabCache: Map<string, number>;
  grabs: Array<{ guid: string; indexerId: number; downloadClientId?: number }>;
  downloadClientConfigured: boolean;
  health: Array<{ source: string; type: string; message: string; wikiUrl?: string }>;
}

const GRAB_TTL_MS = 30 * 60_000;
const linkOf = (r: FakeRelease) => Buffer.from(r.guid).toString('base64url');

function authorised(state: ProwlarrState) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.headers['x-api-key'];
    const bearer = req.headers.authorization?.replace(/^bearer\s+/i, '');
    const key = (typeof header === 'string' ? header : undefined) ?? queryString(req, 'apikey') ?? bearer;
    if (key !== state.apiKey) return void res.status(401).end();
    next();
  };
}

/** `{author:…}{title:…}` tokens are parsed out of the query (contracts §4.2); the rest is free text. */
function queryWords(query: string): string[] {
  const tokens = [...query.matchAll(/\{(\w+):([^}]*)\}/g)].map((m) => m[2] ?? '');
  const rest = query.replace(/\{\w+:[^}]*\}/g, ' ');
  return [...tokens, rest].join(' ').toLowerCase().split(/\W+/).filter(Boolean);
}

const categoryMatches = (release: FakeRelease, wanted: number[]) =>
  wanted.length === 0 || release.categories.some((c) => wanted.includes(c) || wanted.includes(c - (c % 1000)));

export function prowlarrRoutes(app: Express, state: ProwlarrState): void {
  const auth = authorised(state);
  const downloadUrl = (r: FakeRelease) =>
    `${state.baseUrl}/${r.indexerId}/download?apikey=${state.apiKey}&link=${linkOf(r)}&file=${encodeURIComponent(r.title)}`;

  app.get('/api/v1/search', auth, (req, res) => {
    const ids = queryList(req, 'indexerIds').map(Number);
    const all = [...state.indexers.values()].filter((i) => i.enable);
    const selected = ids.length === 0 || ids.includes(-2) ? all : all.filter((i) => ids.includes(i.id));
    const explicit = ids.length > 0 && !ids.includes(-2);
    if (explicit && selected.length > 0 && selected.every((i) => i.failing)) {
      return res.status(400).json({ message: 'Search failed due to all selected indexers being unavailable' });
    }
    const categories = queryList(req, 'categories').map(Number);
    const words = queryWords(queryString(req, 'query') ?? '');
    const usable = new Set(selected.filter((i) => !i.failing).map((i) => i.id));
    const hits = state.releases.filter(
      (r) => usable.has(r.indexerId) && categoryMatches(r, categories) && words.every((w) => r.title.toLowerCase().includes(w)),
    );
    const offset = Number(queryString(req, 'offset') ?? 0) || 0;
    const limit = Number(queryString(req, 'limit') ?? 0) || hits.length;
    const page = hits.slice(offset, offset + limit);
    const now = Date.now();
    for (const r of page) state.grabCache.set(`${r.indexerId}_${r.guid}`, now);
    res.json(page.map((r) => releaseJson(r, state.indexers.get(r.indexerId)!, downloadUrl(r))));
  });

  app.post('/api/v1/search', auth, (req, res) => {
    const body = (req.body ?? {}) as { guid?: unknown; indexerId?: unknown; downloadClientId?: unknown };
    const errors: unknown[] = [];
    if (typeof body.indexerId !== 'number' || body.indexerId <= 0) errors.push({ propertyName: 'IndexerId', errorMessage: "'Indexer Id' must be greater than '0'.", attemptedValue: body.indexerId ?? 0, severity: 'error' });
    if (typeof body.guid !== 'string' || body.guid === '') errors.push({ propertyName: 'Guid', errorMessage: "'Guid' must not be empty.", attemptedValue: body.guid ?? null, severity: 'error' });
    if (errors.length > 0) return res.status(400).json(errors);
    const key = `${body.indexerId as number}_${body.guid as string}`;
    const cachedAt = state.grabCache.get(key);
    if (cachedAt === undefined || Date.now() - cachedAt > GRAB_TTL_MS) {
      return res.status(404).json({ message: "Couldn't find requested release in cache, try searching again" });
    }
    if (state.indexers.get(body.indexerId as number)?.failing) return res.status(409).json({ message: 'Getting release from indexer failed' });
    if (!state.downloadClientConfigured) {
      return res.status(500).json({ message: "Torrent Download client isn't configured yet", description: 'NzbDrone.Core.Download.Clients.DownloadClientUnavailableException' });
    }
    state.grabs.push({ guid: body.guid as string, indexerId: body.indexerId as number, ...(typeof body.downloadClientId === 'number' ? { downloadClientId: body.downloadClientId } : {}) });
    res.json({ guid: body.guid, indexerId: body.indexerId, age: 0, size: 0, protocol: 'unknown', publishDate: '0001-01-01T00:00:00Z' });
  });

  app.get('/api/v1/indexer', auth, (_req, res) => res.json([...state.indexers.values()].map(indexerJson)));
  app.get('/api/v1/indexerstatus', auth, (_req, res) =>
    res.json(
      [...state.indexers.values()]
        .filter((i) => i.failing)
        .map((i) => ({ indexerId: i.id, disabledTill: new Date(Date.now() + 3_600_000).toISOString(), mostRecentFailure: new Date().toISOString(), initialFailure: new Date().toISOString() })),
    ),
  );
  app.get('/api/v1/health', auth, (_req, res) => res.json(state.health));
  app.get('/api/v1/system/status', auth, (_req, res) => res.json({ appName: 'Prowlarr', instanceName: 'Prowlarr', version: '2.0.5.5160', isDebug: false, urlBase: '' }));

  // The proxy download link from a search result: Prowlarr fetches the file from the tracker with its own cookies.
  app.get('/:indexerId/download', auth, (req, res) => {
    const indexerId = Number(req.params.indexerId);
    if (!state.indexers.has(indexerId)) return res.status(404).json({ message: 'Indexer not found' });
    const guid = Buffer.from(queryString(req, 'link') ?? '', 'base64url').toString('utf8');
    const release = state.releases.find((r) => r.indexerId === indexerId && r.guid === guid);
    if (!release) return res.status(404).json({ message: 'Release not found' });
    if (state.indexers.get(indexerId)!.failing) return res.status(500).json({ message: 'Indexer download failed' });
    if (release.redirectTo) return res.redirect(301, release.redirectTo);
    res
      .status(200)
      .type('application/x-bittorrent')
      .set('Content-Disposition', `attachment; filename="${encodeURIComponent(release.title)}.torrent"`)
      .send(release.torrent);
  });
}
