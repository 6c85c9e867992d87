import pino, { type Logger } from 'pino';
import { openDatabase, type OpenedDatabase } from '../app/database.js';
import { loadConfigOrExit } from '../app/run-until-signal.js';
import type { AppConfig } from '../config/config.js';
import { runMigrations } from '../db/migrate.js';
import { ensureAgendaPostgresSchema } from '../jobs/agenda-postgres-schema.js';
import { createSecretMasker } from '../util/mask-secrets.js';

export interface CliContext {
  config: AppConfig;
  /** Logs go to stderr: a command's stdout is its output. */
  logger: Logger;
  database: OpenedDatabase;
}

export function cliLogger(config: AppConfig): Logger {
  const mask = createSecretMasker(config.secretValues);
  return pino(
    { name: 'shelfkeeper', level: process.env.LOG_LEVEL ? config.log.level : 'warn', hooks: { streamWrite: (line) => mask(line) } },
    pino.destination({ dest: 2, sync: true }),
  );
}

/**
 * Runs a one-shot command with the config, a logger and the database (attached to the running service's embedded
 * server when there is one), migrated; closes everything after, and exits non-zero with the message on failure.
 */
export async function withContext(fn: (ctx: CliContext) => Promise<number | void>): Promise<never> {
  const config = loadConfigOrExit();
  const logger = cliLogger(config);
  let database: OpenedDatabase | undefined;
  let code = 0;
  try {
    database = await openDatabase(config, logger, { mode: 'attach', poolSize: 4 });
    await runMigrations(database.pool, logger, config.jobs.mongodbUrl ? [] : [ensureAgendaPostgresSchema()]);
    code = (await fn({ config, logger, database })) ?? 0;
  } catch (error) {
    process.stderr.write(`shelfkeeper: ${createSecretMasker(config.secretValues)(error instanceof Error ? error.message : String(error))}\n`);
    code = 1;
  } finally {
    await database?.shutdown().catch(() => {});
  }
  process.exit(code);
}
