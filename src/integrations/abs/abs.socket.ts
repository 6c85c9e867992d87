import { EventEmitter } from 'node:events';
import { backoffDelay } from '../../core/backoff.js';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { IntegrationError, normaliseBaseUrl } from '../http/index.js';
import { mapBook } from './abs.mapper.js';
import { fullItemSchema, itemRemovedSchema, taskSchema } from './abs.schemas.js';
import type { AbsBook, AbsTask } from './abs.types.js';

export interface AbsSocketEvents {
  /** Authenticated (after every (re)connection). */
  connected: [{ userId: string; username: string }];
  disconnected: [reason: string];
  /** A folder picked up by the watcher (or /api/watcher/update). */
  item_added: [AbsBook];
  /** New items found by a library scan (chunks of ≤ 10). */
  items_added: [AbsBook[]];
  item_updated: [AbsBook];
  item_removed: [{ id: string; libraryId: string }];
  task_finished: [AbsTask];
  /** The token was refused even after a fresh one was fetched: the client stops. */
  auth_failed: [IntegrationError];
  /** A payload that did not have the expected shape (upstream drift); it is dropped, never half-read. */
  invalid_event: [{ event: string; error: IntegrationError }];
}

export interface AbsSocketOptions {
  baseUrl: string;
  logger: Logger;
  /**
   * A user JWT, or a function returning a fresh one (e.g. `() => absClient.login().then((l) => l.accessToken)`),
   * called at every (re)connection. API keys are refused by ABS's socket (`server/SocketAuthority.js`).
   */
  token: string | (() => Promise<string>);
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** How long connect() waits for the first `init`. */
  connectTimeoutMs?: number;
}

const SERVICE = 'audiobookshelf';

/**
 * ABS's socket.io feed as a typed event emitter: authenticates with `auth` after each connection, re-fetches the
 * token once when refused (access tokens last an hour), reconnects with capped exponential backoff and jitter —
 * also after a server-side disconnect, which socket.io does not retry on its own.
 */
export class AbsSocketClient extends EventEmitter<AbsSocketEvents> {
  private socket: Socket | undefined;
  private readonly log: Logger;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  private authed = false;
  private refusedOnce = false;

  constructor(private readonly options: AbsSocketOptions) {
    super();
    this.log = options.logger.child({ service: SERVICE, component: 'socket' });
    this.initialDelayMs = options.reconnect?.initialDelayMs ?? 1_000;
    this.maxDelayMs = options.reconnect?.maxDelayMs ?? 60_000;
  }

  get isAuthenticated(): boolean {
    return this.authed;
  }

  /**
   * Connects and resolves once authenticated. Rejects on a refused token (the client is then closed) or after
   * `connectTimeoutMs` (ABS unreachable: the client keeps retrying in the background and emits `connected` when it
   * gets through; call close() to give up).
   */
  connect(): Promise<void> {
    if (this.socket) throw new Error('AbsSocketClient.connect called twice');
    const base = new URL(normaliseBaseUrl(SERVICE, this.options.baseUrl));
    const socket = io(base.origin, {
      path: `${base.pathname}socket.io`,
      reconnection: true,
      reconnectionDelay: this.initialDelayMs,
      reconnectionDelayMax: this.maxDelayMs,
      randomizationFactor: 0.5,
      timeout: this.options.connectTimeoutMs ?? 10_000,
    });
    this.socket = socket;
    socket.on('connect', () => void this.authenticate(false));
    socket.on('init', (data: { userId?: string; username?: string }) => {
      this.authed = true;
      this.attempt = 0;
      this.refusedOnce = false;
      this.log.info('socket authenticated');
      this.emit('connected', { userId: String(data?.userId ?? ''), username: String(data?.username ?? '') });
    });
    socket.on('auth_failed', () => void this.onAuthFailed());
    socket.on('disconnect', (reason) => {
      this.authed = false;
      this.log.info({ reason }, 'socket disconnected');
      this.emit('disconnected', reason);
      // socket.io reconnects by itself except when the server closed the connection on purpose.
      if (reason === 'io server disconnect' && !this.closed) this.scheduleReconnect();
    });
    socket.io.on('reconnect_attempt', (n) => this.log.debug({ attempt: n }, 'socket reconnecting'));
    // Connection errors carry no credentials (the token is only sent in the `auth` event after connecting).
    socket.on('connect_error', (err) => this.log.debug({ reason: err.message }, 'socket connection failed'));
    this.relay(socket, 'item_added', fullItemSchema, mapBook);
    this.relay(socket, 'item_updated', fullItemSchema, mapBook);
    this.relay(socket, 'items_added', fullItemSchema.array(), (items) => items.map(mapBook));
    this.relay(socket, 'item_removed', itemRemovedSchema, (r) => ({ id: r.id, libraryId: r.libraryId }));
    this.relay(socket, 'task_finished', taskSchema, mapTask);

    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        cleanup();
        reject(new IntegrationError({ service: SERVICE, operation: 'socketConnect', code: 'timeout', message: `socket not authenticated within ${this.options.connectTimeoutMs ?? 10_000} ms` }));
      }, this.options.connectTimeoutMs ?? 10_000);
      const onConnected = () => {
        cleanup();
        resolve();
      };
      const onFailed = (err: IntegrationError) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        clearTimeout(timer);
        this.off('connected', onConnected);
        this.off('auth_failed', onFailed);
      };
      this.on('connected', onConnected);
      this.on('auth_failed', onFailed);
    });
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.io.removeAllListeners();
    this.socket?.disconnect();
    this.authed = false;
  }

  private async authenticate(fresh: boolean): Promise<void> {
    const source = this.options.token;
    try {
      const token = typeof source === 'string' ? source : await source();
      this.socket?.emit('auth', token);
    } catch (err) {
      // Could not get a token (ABS down, login failing): drop this connection and try again later.
      this.log.warn({ err: err instanceof IntegrationError ? err.toJSON() : String(err), fresh }, 'socket token unavailable');
      this.socket?.disconnect();
      this.scheduleReconnect();
    }
  }

  private async onAuthFailed(): Promise<void> {
    this.authed = false;
    if (typeof this.options.token === 'function' && !this.refusedOnce) {
      this.refusedOnce = true;
      this.log.info('socket token refused; fetching a fresh one');
      await this.authenticate(true);
      return;
    }
    const error = new IntegrationError({
      service: SERVICE,
      operation: 'socketAuth',
      code: 'auth',
      message: 'socket refused the token (expired, or an API key: the socket needs a user token)',
      retryable: false,
    });
    this.log.error({ err: error.toJSON() }, 'socket authentication failed');
    this.close();
    this.emit('auth_failed', error);
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) return;
    this.attempt += 1;
    const delay = backoffDelay({ baseMs: this.initialDelayMs, maxMs: this.maxDelayMs, jitter: 'equal' }, this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.socket?.connect();
    }, delay);
  }

  private relay<E extends 'item_added' | 'item_updated' | 'items_added' | 'item_removed' | 'task_finished', S extends z.ZodType>(
    socket: Socket,
    event: E,
    schema: S,
    map: (value: z.output<S>) => AbsSocketEvents[E][0],
  ): void {
    socket.on(event as string, (payload: unknown) => {
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const error = new IntegrationError({
          service: SERVICE,
          operation: `socket:${event}`,
          code: 'invalid_response',
          message: `unexpected ${event} payload (${issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid'})`,
        });
        this.log.warn({ err: error.toJSON() }, 'socket event dropped');
        this.emit('invalid_event', { event, error });
        return;
      }
      (this.emit as (e: string, v: unknown) => boolean)(event, map(parsed.data));
    });
  }
}

function mapTask(t: z.output<typeof taskSchema>): AbsTask {
  const r = t.data?.scanResults;
  return {
    id: t.id,
    action: t.action,
    libraryId: t.data?.libraryId ?? null,
    title: t.title ?? '',
    isFailed: t.isFailed,
    error: t.error ?? null,
    scanResults: r ? { added: r.added, updated: r.updated, missing: r.missing ?? r.removed ?? 0 } : null,
    finishedAt: t.finishedAt ? new Date(t.finishedAt) : null,
  };
}
