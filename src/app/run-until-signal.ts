import type { Logger } from 'pino';
import { ConfigError, loadConfig } from '../config/load-config.js';
import type { AppConfig } from '../config/config.js';
import { createLogger } from '../logger.js';
import type { Role } from './roles.js';
import { startService } from './start-service.js';

/** The whole stop must finish within this; past it the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/** Loads the config or explains every bad key on stderr and exits 1. Secret values are never printed. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`shelfkeeper: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/**
 * Starts the service with the given roles and keeps it running until SIGTERM/SIGINT, then stops it gracefully and exits.
 * Exit code 1 when start-up fails (after saying why), 0 after a clean stop.
 */
export async function runUntilSignal(roles: ReadonlySet<Role>): Promise<void> {
  const config = loadConfigOrExit();
  const logger: Logger = createLogger({ level: config.log.level, secrets: config.secretValues });
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let service: Awaited<ReturnType<typeof startService>>;
  try {
    service = await startService({ config, roles, logger });
  } catch (error) {
    logger.fatal({ err: error }, 'start-up failed');
    logger.flush();
    // One line: the setting (when one is to blame) and the cause.
    process.stderr.write(`shelfkeeper: ${(error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, '; ')}\n`);
    process.exit(1);
  }

  let stoppingSince = 0;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stoppingSince) {
      // tsx (npm start) relays the terminal's Ctrl-C that this process also received: one keypress, two signals.
      // Only a later, deliberate second Ctrl-C means "exit now".
      if (Date.now() - stoppingSince < 2_000) return;
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info({ signal }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error('graceful stop took longer than 10 s: exiting');
      logger.flush();
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    service
      .stop()
      .then(() => {
        logger.flush();
        // Explicit exit: Agenda and pg may keep timers alive for minutes after a clean stop.
        process.exit(0);
      })
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error while stopping');
        logger.flush();
        process.exit(1);
      });
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
  // A dependency this process owns is gone for good (its embedded PostgreSQL): stop, exit 1, let the supervisor restart.
  void service.failed.then((error) => {
    process.stderr.write(`shelfkeeper: ${error.message}\n`);
    process.exitCode = 1;
    const deadline = setTimeout(() => process.exit(1), SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    void service
      .stop()
      .catch((stopError: unknown) => logger.error({ err: stopError }, 'error while stopping'))
      .finally(() => {
        logger.flush();
        process.exit(1);
      });
  });
}
