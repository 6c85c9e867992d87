import type { Express, Request, Response } from 'express';
import { readParams } from './qbittorrent.params.js';
import type { QbtSessions } from './qbittorrent.session.js';
import type { QbtState } from './qbittorrent.state.js';
import { torrentHandlers, type QbtHandler, type QbtReply } from './qbittorrent.torrent-routes.js';

const VERSIONS = { '5.0': ['v5.0.5', '2.11.2'], '5.1': ['v5.1.4', '2.11.4'], '5.2': ['v5.2.3', '2.15.1'] } as const;

/** State-changing endpoints are POST-only (webapplication.h); anything else accepts GET or POST. */
const POST_ONLY = new Set([
  'auth/login', 'auth/logout', 'app/setPreferences', 'app/setCookies', 'app/shutdown',
  'torrents/add', 'torrents/delete', 'torrents/start', 'torrents/stop', 'torrents/createCategory', 'torrents/editCategory',
  'torrents/removeCategories', 'torrents/setCategory', 'torrents/addTags', 'torrents/createTags', 'torrents/removeTags',
]);

function appHandlers(state: QbtState): Record<string, QbtHandler> {
  const [appVersion, apiVersion] = VERSIONS[state.version];
  return {
    version: () => ({ status: 200, text: appVersion }),
    webapiVersion: () => ({ status: 200, text: apiVersion }),
    buildInfo: () => ({ status: 200, json: { qt: '6.7.3', libtorrent: '2.0.11.0', boost: '1.86.0', openssl: '3.3.2', zlib: '1.3.1', bitness: 64, platform: 'linux' } }),
    defaultSavePath: () => ({ status: 200, text: state.savePath }),
    preferences: () => ({ status: 200, json: { ...state.preferences } }),
    setPreferences(p) {
      const raw = p.fields.get('json');
      if (raw === undefined) return { status: 400, text: 'Missing required parameters: json' };
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        return { status: 400, text: 'Invalid JSON' };
      }
      if (parsed && typeof parsed === 'object') {
        // Unknown keys are ignored, as in qBittorrent.
        for (const [k, v] of Object.entries(parsed)) if (k in state.preferences) state.preferences[k] = v;
      }
      return { status: 200, text: '' };
    },
  };
}

function send(res: Response, reply: QbtReply): void {
  if (reply.json !== undefined) {
    res.status(reply.status).json(reply.json);
    return;
  }
  if (reply.status === 204) {
    res.status(204).end();
    return;
  }
  res.status(reply.status).type('text/plain').send(reply.text ?? '');
}

/** CSRF protection: an Origin (or Referer) naming another host:port than Host is rejected with 401. */
function crossSite(req: Request): boolean {
  const source = req.headers.origin ?? req.headers.referer;
  if (!source) return false;
  try {
    return new URL(source).host !== req.headers.host;
  } catch {
    return true;
  }
}

export function qbittorrentRoutes(app: Express, state: QbtState, sessions: QbtSessions): void {
  const v52 = state.version === '5.2';
  const apps = appHandlers(state);

  app.all('/api/v2/:scope/:action', async (req, res) => {
    const scope = String(req.params.scope);
    const action = String(req.params.action);
    const key = `${scope}/${action}`;
    const port = req.socket.localPort ?? 0;
    if (crossSite(req)) return send(res, { status: 401, text: 'Unauthorized' });
    if (req.method !== 'GET' && req.method !== 'POST') return send(res, { status: 405, text: 'Method Not Allowed' });

    const handler =
      scope === 'torrents' ? torrentHandlers[action] : scope === 'app' ? apps[action] : scope === 'auth' && (action === 'login' || action === 'logout') ? (() => ({ status: 200 })) : undefined;
    if (!handler) return send(res, { status: 404, text: v52 ? 'Endpoint does not exist' : 'Not Found' });
    if (POST_ONLY.has(key) && req.method !== 'POST') return send(res, { status: 405, text: 'Method Not Allowed' });

    const params = await readParams(req);
    const sid = sessions.current(req, port);

    if (key === 'auth/login') {
      if (sessions.banned) return send(res, { status: 403, text: 'Your IP address has been banned after too many failed authentication attempts.' });
      // Already authenticated: success again, without a new cookie.
      if (sid) return send(res, v52 ? { status: 204 } : { status: 200, text: 'Ok.' });
      if (!sessions.check(params.fields.get('username'), params.fields.get('password'))) {
        return send(res, v52 ? { status: 401, text: 'Unauthorized' } : { status: 200, text: 'Fails.' });
      }
      const cookie = `${sessions.cookieName(port)}=${sessions.create()}; HttpOnly; ${v52 ? 'SameSite=Lax; ' : ''}path=/`;
      res.setHeader('Set-Cookie', cookie);
      return send(res, v52 ? { status: 204 } : { status: 200, text: 'Ok.' });
    }
    // Without a session every other endpoint answers 403 (not 401).
    if (!sid) return send(res, { status: 403, text: 'Forbidden' });
    if (key === 'auth/logout') {
      sessions.end(sid);
      res.setHeader('Set-Cookie', `${sessions.cookieName(port)}=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT`);
      return send(res, { status: 200, text: '' });
    }
    state.refresh();
    send(res, handler(params, state));
  });
}
