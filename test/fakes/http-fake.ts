/**
 * A small kit for fake upstream servers: real HTTP on 127.0.0.1, port 0, express 5, every request recorded, and a
 * fault switch shared by all fakes (latency, 429 with Retry-After, 500, timeout, malformed JSON, expired session,
 * drifted response shape). Each fake supplies its routes and, where the upstream has its own error envelopes, the
 * shapes of its 429/500/expired-session answers and of a "drifted" body.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express, { type Express, type Request, type Response } from 'express';

export type FaultMode =
  | 'latency'
  | 'rate_limited'
  | 'server_error'
  | 'timeout'
  | 'malformed_json'
  | 'expired_session'
  | 'drifted';

export interface Fault {
  mode: FaultMode;
  /** How many requests the fault applies to (then the server behaves again); default: until cleared. */
  times?: number;
  /** For 'latency': delay before the normal answer. */
  latencyMs?: number;
  /** For 'rate_limited': the Retry-After header value (seconds or an HTTP date); omitted when null. */
  retryAfter?: string | number | null;
  /** Only requests whose path matches are affected. */
  path?: string | RegExp;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface FaultSwitch {
  set(fault: Fault | FaultMode): void;
  clear(): void;
  readonly active: Fault | undefined;
}

export interface ErrorShapes {
  rateLimited?(res: Response, retryAfter: string | number | null): void;
  serverError?(res: Response): void;
  expiredSession?(res: Response, req: Request): void;
  /** Turns a normal JSON body into a drifted one. Default: strings become numbers and numbers strings, recursively. */
  drift?(body: unknown): unknown;
}

export interface FakeServer {
  url: string;
  /** The listening HTTP server, e.g. for attaching socket.io to the same port. */
  server: Server;
  requests: RecordedRequest[];
  faults: FaultSwitch;
  close(): Promise<void>;
}

export async function startHttpFake(
  routes: (app: Express) => void,
  shapes: ErrorShapes = {},
): Promise<FakeServer> {
  const app = express();
  const requests: RecordedRequest[] = [];
  let fault: Fault | undefined;
  let remaining = Number.POSITIVE_INFINITY;

  const faults: FaultSwitch = {
    set(next) {
      fault = typeof next === 'string' ? { mode: next } : next;
      remaining = fault.times ?? Number.POSITIVE_INFINITY;
    },
    clear() {
      fault = undefined;
    },
    get active() {
      return fault;
    },
  };

  /** The fault for this request, counted; undefined when none applies. */
  const take = (path: string): Fault | undefined => {
    if (!fault || remaining <= 0) return undefined;
    if (fault.path !== undefined && !(typeof fault.path === 'string' ? path.startsWith(fault.path) : fault.path.test(path))) {
      return undefined;
    }
    remaining -= 1;
    return fault;
  };

  app.use(express.json({ limit: '5mb' }));
  app.use(express.urlencoded({ extended: false }));
  app.use((req, res, next) => {
    requests.push({ method: req.method, path: req.path, query: { ...req.query }, headers: { ...req.headers }, body: req.body });
    const active = take(req.path);
    if (!active) return next();
    switch (active.mode) {
      case 'latency':
        setTimeout(next, active.latencyMs ?? 200);
        return;
      case 'timeout':
        return; // never answer; close() destroys the socket
      case 'rate_limited': {
        const retryAfter = active.retryAfter === undefined ? 1 : active.retryAfter;
        if (shapes.rateLimited) return shapes.rateLimited(res, retryAfter);
        if (retryAfter !== null) res.set('Retry-After', String(retryAfter));
        res.status(429).json({ error: 'Too Many Requests' });
        return;
      }
      case 'server_error':
        if (shapes.serverError) return shapes.serverError(res);
        res.status(500).json({ error: 'Internal Server Error' });
        return;
      case 'malformed_json':
        res.status(200).type('application/json').send('{"data": [{"id": 1, "title": "Trunc');
        return;
      case 'expired_session':
        if (shapes.expiredSession) return shapes.expiredSession(res, req);
        res.status(401).type('text/plain').send('Unauthorized');
        return;
      case 'drifted': {
        const json = res.json.bind(res);
        res.json = (body: unknown) => json((shapes.drift ?? defaultDrift)(body));
        return next();
      }
    }
  });
  routes(app);

  const server: Server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    requests,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function defaultDrift(body: unknown): unknown {
  if (typeof body === 'string') return body.length;
  if (typeof body === 'number') return String(body);
  if (Array.isArray(body)) return body.map(defaultDrift);
  if (body && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, defaultDrift(v)]));
  }
  return body;
}

/** A single query value from express' simple parser (repeated keys arrive as arrays). */
export function queryString(req: Request, key: string): string | undefined {
  const v = req.query[key];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : undefined;
  return typeof v === 'string' ? v : undefined;
}

/** All values of a repeated query key. */
export function queryList(req: Request, key: string): string[] {
  const v = req.query[key];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
