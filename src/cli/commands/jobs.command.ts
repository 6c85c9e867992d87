import { buildJobRegistry } from '../../app/job-definitions.js';
import { systemClock } from '../../core/clock.js';
import { createTaskRunRepository } from '../../db/repositories/task-run.repository.js';
import { describeSchedule } from '../../jobs/job-definition.js';
import { connectJobStore } from '../../jobs/job-store.js';
import { runJob } from '../../jobs/run-job.js';
import type { CliContext } from '../context.js';

/** `jobs list`: each job, its schedule, its next run in the job store and its last recorded run. */
export async function listJobs(ctx: CliContext): Promise<number> {
  const registry = buildJobRegistry({ config: ctx.config, db: ctx.database.db, clock: systemClock });
  const taskRuns = createTaskRunRepository(ctx.database.db);
  let nextRuns = new Map<string, Date | null>();
  let storeNote = '';
  try {
    const store = await connectJobStore({ mongodbUrl: ctx.config.jobs.mongodbUrl, postgresUrl: ctx.database.url, logger: ctx.logger });
    nextRuns = await store.nextRuns();
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
  const registry = buildJobRegistry({ config: ctx.config, db: ctx.database.db, clock: systemClock });
  const definition = registry.get(name);
  if (!definition) {
    process.stderr.write(`shelfkeeper: unknown job "${name}"; known jobs: ${registry.all().map((d) => d.name).join(', ')}\n`);
    return 2;
  }
  const outcome = await runJob(definition, {}, { taskRuns: createTaskRunRepository(ctx.database.db), clock: systemClock, logger: ctx.logger });
  process.stdout.write(`${JSON.stringify({ job: name, ...outcome })}\n`);
  return 0;
}
