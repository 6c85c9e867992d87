import { buildJobRegistry } from '../../app/job-definitions.js';
import { buildServices } from '../../app/services.js';
import { describeSchedule } from '../../jobs/job-definition.js';
import { connectJobStore } from '../../jobs/job-store.js';
import { runJob } from '../../jobs/run-job.js';
import type { CliContext } from '../context.js';

/** `jobs list`: each job, its schedule, its next run in the job store and its last recorded run. */
export async function listJobs(ctx: CliContext): Promise<number> {
  const services = buildServices({ config: ctx.config, logger: ctx.logger, db: ctx.database.db });
  const registry = buildJobRegistry(services);
  const taskRuns = services.repositories.taskRuns;
  let nextRuns = new Map<string, Date | null>();
  let storeNote = '';
  try {
    const store = await connectJobStore({ mongodbUrl: ctx.config.jobs.mongodbUrl, postgresUrl: ctx.database.url, logger: ctx.logger });
    nextRuns = await store.nextRuns(registry.all().map((d) => d.name));
    await store.stop(0);
  } catch (error) {
    storeNote = ` (job store unreachable: ${(error as Error).message})`;
  }
  for (const definition of registry.all()) {
    const [last] = await taskRuns.latest({ job: definition.name, limit: 1 });
    const next = nextRuns.get(definition.name);
    const lastText = last ? `${last.status} at ${last.startedAt.toISOString()}${last.error ? ` (${last.error})` : ''}` : 'never';
    process.stdout.write(
      `${definition.name}\n  ${definition.description}\n  schedule: ${describeSchedule(definition.schedule)}\n` +
        `  next run: ${next ? next.toISOString() : `not scheduled${storeNote}`}\n  last run: ${lastText}\n`,
    );
  }
  return 0;
}

/** `jobs run <name>`: runs the job now, in this process, recorded like a scheduled run. */
export async function runJobNow(ctx: CliContext, name: string): Promise<number> {
  const services = buildServices({ config: ctx.config, logger: ctx.logger, db: ctx.database.db });
  const registry = buildJobRegistry(services);
  const definition = registry.get(name);
  if (!definition) {
    process.stderr.write(`shelfkeeper: unknown job "${name}"; known jobs: ${registry.all().map((d) => d.name).join(', ')}\n`);
    return 2;
  }
  // Ctrl-C stops the job at its next checkpoint, as a service shutdown would.
  const abort = new AbortController();
  const onSignal = () => abort.abort(new Error('interrupted'));
  process.once('SIGINT', onSignal);
  try {
    const outcome = await runJob(definition, {}, { taskRuns: services.repositories.taskRuns, clock: services.clock, logger: ctx.logger }, { signal: abort.signal });
    process.stdout.write(`${JSON.stringify({ job: name, ...outcome })}\n`);
  } finally {
    process.off('SIGINT', onSignal);
  }
  return 0;
}
