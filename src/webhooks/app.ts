import { randomUUID } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { StatusProvider } from '../core/status/status-report.js';
import { healthRoutes } from './health.routes.js';
import { errorHandler, notFound } from './http-errors.js';

export interface AppDeps {
  logger: Logger;
  status: StatusProvider;
  /** Routers mounted after /health and /ready (webhooks, REST API), each bringing its own body parsing and auth. */
  routers?: ReadonlyArray<Router>;
}

/** The HTTP app without `listen`, so tests mount it on port 0. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(
    pinoHttp({
      logger: deps.logger.child({ module: 'http' }),
      genReqId: (req, res) => {
        const id = (req.headers['x-request-id'] as string | undefined)?.slice(0, 64) || randomUUID();
        res.setHeader('x-request-id', id);
        return id;
      },
      customLogLevel: (req, res, error) => {
        if (error || res.statusCode >= 500) return 'error';
        if (res.statusCode >= 400) return 'warn';
        return req.url === '/health' || req.url === '/ready' ? 'debug' : 'info';
      },
      // Only what an operator needs; headers (and their credentials) stay out of the logs entirely.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url.replace(/([?&](secret|apikey|api_key|token)=)[^&]*/gi, '$1***') }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(healthRoutes(deps.status));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
