import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Route, type RouteResponse, apiError } from './route.js';
import type { FakeState } from './state.js';

const PREFIX = '/api/v10';

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  if (!raw) return undefined;
  const type = req.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    // Only the JSON part matters to the fake; attachments are not stored.
    const match = /name="payload_json"\r\n(?:[^\r\n]*\r\n)*\r\n([\s\S]*?)\r\n--/.exec(raw);
    return match?.[1] ? JSON.parse(match[1]) : undefined;
  }
  return JSON.parse(raw);
}

function send(res: ServerResponse, out: RouteResponse): void {
  const headers: Record<string, string> = { ...out.headers };
  if (out.body === undefined) {
    res.writeHead(out.status, headers).end();
    return;
  }
  headers['content-type'] = 'application/json';
  res.writeHead(out.status, headers).end(JSON.stringify(out.body));
}

function injected(state: FakeState, method: string, path: string, afterHandling: boolean): RouteResponse | null {
  const rule = state.failures.find(
    (f) => f.times > 0 && (!f.method || f.method === method) && f.path.test(path) && Boolean(f.afterHandling) === afterHandling,
  );
  if (!rule) return null;
  rule.times -= 1;
  if (rule.status === 429) {
    const retryAfter = rule.retryAfter ?? 0.2;
    return {
      status: 429,
      headers: { 'retry-after': String(retryAfter), 'x-ratelimit-scope': 'user', 'x-ratelimit-global': 'false' },
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false, code: 0 },
    };
  }
  return apiError(rule.status, 0, `${rule.status}: injected failure`);
}

/** The REST v10 request listener: decodes, authenticates, injects failures, routes and records every call. */
export function createRestListener(state: FakeState, routes: Route[]) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const method = req.method ?? 'GET';
      // discord.js sends @original as %40original: decode before routing.
      const path = decodeURIComponent(url.pathname.startsWith(PREFIX) ? url.pathname.slice(PREFIX.length) : url.pathname);
      const query = Object.fromEntries(url.searchParams);
      const authorized = req.headers.authorization === `Bot ${state.world.token}`;
      let body: unknown;
      let out: RouteResponse;
      try {
        body = await readBody(req);
        const route = url.pathname.startsWith(PREFIX) ? routes.find((r) => r.method === method && r.pattern.test(path)) : undefined;
        if (!route) out = apiError(404, 0, '404: Not Found');
        else {
          const params = (route.pattern.exec(path) ?? []).slice(1).map((p) => p ?? '');
          out =
            injected(state, method, path, false) ??
            (route.auth && !authorized ? apiError(401, 0, '401: Unauthorized') : route.handle({ method, path, query, body, params }));
          if (out.status < 300) out = injected(state, method, path, true) ?? out;
        }
      } catch (err) {
        out = apiError(400, 50109, `The request body contains invalid JSON. (${(err as Error).message})`);
      }
      state.calls.push({ method, path, query, body, authorized, status: out.status, at: Date.now() });
      send(res, out);
    })();
  };
}
