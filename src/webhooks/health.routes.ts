import { Router } from 'express';
import type { StatusProvider, StatusReport } from '../core/status/status-report.js';
import { perMinute } from './rate-limit.js';

/** /ready per minute and address: ample for probes and dashboards, a bound for anyone polling in a loop. */
const READY_PER_MINUTE = 300;

/** Ready = the database and the job store answer. Integrations are reported, but an upstream outage is not our outage. */
export function isReady(report: StatusReport): boolean {
  return report.database.state === 'healthy' && report.jobStore.state === 'healthy';
}

export function healthRoutes(
  status: StatusProvider,
  opts: { readyPerMinute?: number; liveness?: () => { ok: boolean; reason?: string } } = {},
): Router {
  const router = Router();
  // Liveness: no I/O, so a slow database never gets the process killed; 503 only when the process knows it cannot work
  // (its own embedded PostgreSQL died and is being restarted).
  router.get('/health', (_req, res) => {
    const live = opts.liveness?.() ?? { ok: true };
    if (!live.ok) {
      res.status(503).json({ status: 'failing', reason: live.reason, uptimeSeconds: Math.round(process.uptime()) });
      return;
    }
    res.json({ status: 'ok', uptimeSeconds: Math.round(process.uptime()) });
  });
  // Unauthenticated: limited like the webhooks (the report itself is cached by the provider, see src/app/status.ts).
  router.get('/ready', perMinute(opts.readyPerMinute ?? READY_PER_MINUTE, 'Too many /ready requests from this address; slow down'), async (_req, res, next) => {
    try {
      const report = await status();
      const ready = isReady(report);
      const reasons = [report.database, report.jobStore].filter((c) => c.state !== 'healthy').map((c) => `${c.name}: ${c.reason ?? c.state}`);
      res.status(ready ? 200 : 503).json({
        status: ready ? 'ready' : 'not_ready',
        ...(reasons.length > 0 ? { reasons } : {}),
        database: report.database,
        jobStore: report.jobStore,
        ...(report.processing ? { worker: report.processing.worker, inbox: report.processing.inbox } : {}),
        integrations: report.integrations,
        generatedAt: report.generatedAt.toISOString(),
      });
    } catch (error) {
      next(error);
    }
  });
  return router;
}
