/**
 * The typed errors of the integration layer. Every upstream failure becomes an IntegrationError whose `code` says
 * what went wrong, so a 429, a 5xx, a timeout or an expired session can never be mistaken for "not found" or
 * "no results" by the code above (the most common complaint about comparable tools).
 */

export interface AppErrorOptions {
  cause?: unknown;
  context?: Record<string, unknown>;
}

/** Base of the project's coded errors: a stable `code` plus a human message that never carries a secret. */
export class AppError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.context = options.context ?? {};
  }
}

export type IntegrationErrorCode =
  | 'timeout'
  | 'network'
  | 'rate_limited'
  | 'server_error'
  | 'auth'
  | 'not_found'
  | 'bad_request'
  | 'conflict'
  | 'http_error'
  | 'invalid_response'
  | 'session_expired'
  | 'budget_exhausted'
  | 'invalid_config';

/** Codes that describe a transient condition: worth trying again later (after `retryAfterMs` when known). */
const RETRYABLE: ReadonlySet<IntegrationErrorCode> = new Set(['timeout', 'network', 'rate_limited', 'server_error']);

export interface IntegrationErrorInit {
  service: string;
  operation: string;
  code: IntegrationErrorCode;
  message: string;
  status?: number;
  retryable?: boolean;
  /** How long the upstream asked us to wait, when it said so (429 Retry-After, budget window end). */
  retryAfterMs?: number;
  /** The parsed, masked error body of the upstream (e.g. Google's error envelope), for diagnostics only. */
  details?: unknown;
  cause?: unknown;
}

export class IntegrationError extends AppError {
  readonly service: string;
  readonly operation: string;
  override readonly code: IntegrationErrorCode;
  readonly status: number | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: unknown;
  /** The message without the `service operation:` prefix. */
  readonly reason: string;

  constructor(init: IntegrationErrorInit) {
    super(init.code, `${init.service} ${init.operation}: ${init.message}`, {
      cause: init.cause,
      context: { service: init.service, operation: init.operation, status: init.status },
    });
    this.name = 'IntegrationError';
    this.service = init.service;
    this.operation = init.operation;
    this.code = init.code;
    this.status = init.status;
    this.retryable = init.retryable ?? RETRYABLE.has(init.code);
    this.retryAfterMs = init.retryAfterMs;
    this.details = init.details;
    this.reason = init.message;
  }

  /** A copy with some fields changed (e.g. the wait the server asked for). */
  with(changes: Partial<IntegrationErrorInit>): IntegrationError {
    return new IntegrationError({
      service: this.service,
      operation: this.operation,
      code: this.code,
      message: this.reason,
      retryable: this.retryable,
      details: this.details,
      ...(this.status === undefined ? {} : { status: this.status }),
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
      ...changes,
    });
  }

  /** A compact, secret-free form for pino (`err` serialisers would otherwise walk `cause`, which may hold axios config). */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      service: this.service,
      operation: this.operation,
      status: this.status,
      retryable: this.retryable,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export function isIntegrationError(value: unknown, code?: IntegrationErrorCode): value is IntegrationError {
  return value instanceof IntegrationError && (code === undefined || value.code === code);
}

/** The code an HTTP status maps to when the service has no more specific interpretation. */
export function codeForStatus(status: number): IntegrationErrorCode {
  if (status === 401 || status === 403) return 'auth';
  if (status === 404 || status === 410) return 'not_found';
  if (status === 408) return 'timeout';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server_error';
  if (status === 400 || status === 422) return 'bad_request';
  return 'http_error';
}
