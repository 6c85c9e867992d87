/**
 * What went wrong with a connection to a server (the database, the job store), in words an operator can act on:
 * `connection refused at 127.0.0.1:5432`, `password authentication failed for user "x"`, not a wrapper's
 * `Failed query: SELECT 1\nparams:`. Reads only the fields Node's net errors and the Postgres/Mongo drivers set.
 */

interface ErrorFields {
  message?: string;
  code?: string;
  errno?: number;
  address?: string;
  port?: number;
  hostname?: string;
  cause?: unknown;
  errors?: unknown[];
}

/** Node's socket errors that mean the server is not there (or not answering). */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/** Postgres SQLSTATEs of a server that is going away or not accepting connections yet. */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** Messages of the pg driver for a lost or timed-out connection (it sets no code on them). */
const DRIVER_MESSAGES = [/^Connection terminated/i, /timeout exceeded when trying to connect/i, /^Client has encountered a connection error/i, /server selection timed out/i];

function fields(error: unknown): ErrorFields {
  return typeof error === 'object' && error !== null ? (error as ErrorFields) : { message: String(error) };
}

/** The innermost error that says something: wrappers (drizzle's failed query, an AggregateError of addresses) are opened. */
function innermost(error: unknown): ErrorFields {
  let current = fields(error);
  for (let depth = 0; depth < 5; depth++) {
    if (current.cause !== undefined && current.cause !== null) current = fields(current.cause);
    // Node's AggregateError of every address tried (localhost: ::1, then 127.0.0.1): the last one tried.
    else if (Array.isArray(current.errors) && current.errors.length > 0 && !current.address) current = fields(current.errors.at(-1));
    else break;
  }
  return current;
}

/** True when the error means the server could not be reached or is going away: retry later, not the caller's fault. */
export function isConnectionError(error: unknown): boolean {
  const e = innermost(error);
  if (e.code && (NETWORK_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || e.code.startsWith('08'))) return true;
  return DRIVER_MESSAGES.some((pattern) => pattern.test(e.message ?? ''));
}

/** The cause in one line (no statement, no parameters, no credentials). */
export function describeConnectionError(error: unknown): string {
  const e = innermost(error);
  const at = e.address ? ` at ${e.address}${e.port ? `:${e.port}` : ''}` : '';
  switch (e.code) {
    case 'ECONNREFUSED':
      return `connection refused${at}`;
    case 'ETIMEDOUT':
      return `connection timed out${at}`;
    case 'ECONNRESET':
      return `connection reset${at}`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `host unreachable${at}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host ${e.hostname ?? ''} not found`.replace('  ', ' ');
    case '57P01':
    case '57P02':
      return `the server shut down the connection (${e.message ?? e.code})`;
    case '57P03':
      return `the server is starting up or shutting down (${e.message ?? e.code})`;
    default:
      return (e.message ?? String(error)).split('\n')[0]!.trim() || 'unknown error';
  }
}
