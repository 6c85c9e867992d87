import { randomUUID } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { maskUrl } from '../core/redaction/redact.js';
import type { StatusProvider } from '../core/status/status-report.js';
import { healthRoutes } from './health.routes.js';
import { errorHandler, notFound } from './http-errors.js';

/** Express's `trust proxy` values that TRUST_PROXY can set: on/off, a hop count, or addresses, ranges and their names. */
export type TrustProxy = boolean | number | readonly string[];

export interface AppDeps {
  logger: Logger;
  status: StatusProvider;
  /** Routers mounted after /health and /ready (webhooks, REST API), each bringing its own body parsing and auth. */
  routers?: ReadonlyArray<Router>;
  /**
   * Which proxies' X-Forwarded-For is believed (the client address rate limits count by). Off by default: anyone who
   * can reach the port could otherwise name any address they like.
   */
  trustProxy?: TrustProxy;
  /** What GET /health reports: not ok while the process knows it cannot work (see health.routes.ts). */
  liveness?: () => { ok: boolean; reason?: string };
}

/** The request as logged: its id, method and target with every credential parameter masked (by its decoded name). */
export function serializeRequest(req: { id: string; method: string; url: string }): { id: string; method: string; url: string } {
  return { id: req.id, method: req.method, url: maskUrl(req.url.length > 2048 ? `${req.url.slice(0, 2048)}…` : req.url) };
}

/** The HTTP app without `listen`, so tests mount it on port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  const trust = deps.trustProxy ?? false;
  app.set('trust proxy', Array.isArray(trust) ? [...trust] : trust);
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger.child({ module: 'http' }),
      genReqId: (req, res) => {
        const given = req.headers['x-request-id'];
        // A caller's id is kept when it is a plain token; anything else (or nothing) gets a fresh one.
        const id = typeof given === 'string' && /^[\w.:-]{1,64}$/.test(given) ? given : randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (req, res, error) => {
        // A client that hung up mid-upload is its own affair, not a failure of ours.
        if (req.readableAborted) return 'info';
        // 503: not ready or a dependency is down, said once by the outage log; each refused request is a warning.
        if (res.statusCode === 503) return 'warn';
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return req.url === '/health' || req.url === '/ready' ? 'debug' : 'info';
      },
      // Only what an operator needs; headers (and their credentials) stay out of the logs entirely.
      serializers: {
        req: serializeRequest,
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(healthRoutes(deps.status, deps.liveness ? { liveness: deps.liveness } : {}));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
