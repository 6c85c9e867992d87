/**
 * The logging the domain needs: structured fields first, then the message (pino's signature, so the service's pino
 * logger is passed as it is). Core code logs through this and never imports a logging library.
 */
export interface LogFn {
  (fields: Record<string, unknown>, message?: string): void;
  (message: string): void;
}

export interface Log {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Log;
}
