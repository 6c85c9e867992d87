import type { APIEmbed } from 'discord.js';
import type { ComponentState, ComponentStatus, ScheduledJobStatus, StatusReport } from '../core/status/status-report.js';
import { fitEmbed, truncate } from './embed-limits.js';

const COLORS = { ok: 0x2ecc71, degraded: 0xf1c40f, down: 0xe74c3c } as const;
// Typed by state so a new state added to the report fails the type check here instead of rendering 'undefined'.
const ICONS: Record<ComponentState, string> = { healthy: '✅', unhealthy: '❌', disabled: '⏸️', enabled: '🔹' };

/** Discord renders `<t:unix:R>` as "in 5 minutes" in each reader's own time zone and language. */
const when = (d: Date) => `<t:${Math.floor(d.getTime() / 1000)}:R>`;

function componentLine(c: ComponentStatus): string {
  const why = c.reason ? `: ${c.reason}` : '';
  const detail = c.detail ? ` (${c.detail})` : '';
  // One line each, so a long upstream error cannot swallow the rest of the report.
  const state = c.state === 'enabled' ? 'enabled, not checked yet' : c.state;
  return truncate(`${ICONS[c.state]} **${c.name}** — ${state}${why}${detail}`.replace(/\s+/g, ' '), 300);
}

function jobValue(job: ScheduledJobStatus): string {
  const next = job.nextRunAt ? `next ${when(job.nextRunAt)}` : 'not scheduled';
  if (!job.lastRun) return `${next} · never run`;
  const r = job.lastRun;
  const took = r.finishedAt ? ` in ${Math.max(0, Math.round((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000))} s` : '';
  const error = r.error ? `\n↳ ${r.error.replace(/\s+/g, ' ')}` : '';
  return `${next} · last ${r.status} ${when(r.startedAt)}${took}${error}`;
}

/** The /status report as one embed that always fits Discord's limits, however many integrations or jobs there are. */
export function renderStatusEmbed(report: StatusReport): APIEmbed {
  const core = [report.database, report.jobStore];
  // The workers' heartbeat and the inbox lag: whether anything processes the work (degraded, not down, when not).
  const processing = report.processing ? [report.processing.worker, report.processing.inbox] : [];
  const all = [...core, ...processing, ...report.integrations];
  const color = core.some((c) => c.state !== 'healthy')
    ? COLORS.down
    : [...processing, ...report.integrations].some((c) => c.state === 'unhealthy')
      ? COLORS.degraded
      : COLORS.ok;
  const unhealthy = all.filter((c) => c.state === 'unhealthy').length;
  const integrations = report.integrations.length ? report.integrations.map(componentLine).join('\n') : '_none configured_';
  return fitEmbed({
    title: unhealthy ? `shelfkeeper: ${unhealthy} problem${unhealthy > 1 ? 's' : ''}` : 'shelfkeeper: all good',
    color,
    description: `${[...core, ...processing].map(componentLine).join('\n')}\n\n__Integrations__\n${integrations}`,
    fields: report.jobs.map((job) => ({ name: job.name, value: jobValue(job) })),
    timestamp: report.generatedAt.toISOString(),
    footer: { text: 'Status generated' },
  });
}
