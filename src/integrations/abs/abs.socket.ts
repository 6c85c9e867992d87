import { EventEmitter } from 'node:events';
import { backoffDelay } from '../../core/backoff.js';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';
import type { z } from 'zod';
import { IntegrationError, normaliseBaseUrl } from '../http/index.js';
import { mapBook } from './abs.mapper.js';
import { entityRefSchema, fullItemSchema, itemRemovedSchema, taskSchema } from './abs.schemas.js';
import type { AbsBook, AbsEntityRef, AbsTask } from './abs.types.js';

export interface AbsSocketEvents {
  /** Authenticated (after every (re)connection; `reconnect` from the second one on: events may have been missed). */
  connected: [{ userId: string; username: string; reconnect: boolean }];
  disconnected: [reason: string];
  /** A folder picked up by the watcher (or /api/watcher/update). */
  item_added: [AbsBook];
  /** New items found by a library scan (chunks of ≤ 10). */
  items_added: [AbsBook[]];
  item_updated: [AbsBook];
  /** Several items changed at once: a narrator renamed or removed, an author renamed or merged, a scan's updates. */
  items_updated: [Array<{ id: string; libraryId: string }>];
  item_removed: [{ id: string; libraryId: string }];
  /** An author edited (renamed: its books follow in items_updated) or merged away / deleted (its books do not). */
  author_updated: [AbsEntityRef];
  author_removed: [AbsEntityRef];
  /** A series renamed (its books get no event of their own) or removed once empty. */
  series_updated: [AbsEntityRef];
  series_removed: [AbsEntityRef];
  task_finished: [AbsTask];
  /**
   * The token was refused even after a fresh one was fetched (an API key, an expired static token, a disabled user).
   * The client tries again with a long backoff (`authRetry`), in case the credential becomes valid.
   */
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
  token: string | ((context: { refused?: string }) => Promise<string>);
  reconnect?: { initialDelayMs?: number; maxDelayMs?: number };
  /** Backoff of the attempts after a refused token (default 30 s doubling up to 30 min). */
  authRetry?: { initialDelayMs?: number; maxDelayMs?: number };
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
  private lastToken: string | undefined;
  private authFailures = 0;
  private everConnected = false;

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
      this.authFailures = 0;
      this.refusedOnce = false;
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.log.info({ reconnect }, 'socket authenticated');
      this.emit('connected', { userId: String(data?.userId ?? ''), username: String(data?.username ?? ''), reconnect });
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
    // Only the ids are read: the items are fetched again anyway, and a drifted field must not drop a whole batch.
    this.relay(socket, 'items_updated', itemRemovedSchema.array(), (items) => items.map((i) => ({ id: i.id, libraryId: i.libraryId })));
    this.relay(socket, 'item_removed', itemRemovedSchema, (r) => ({ id: r.id, libraryId: r.libraryId }));
    for (const event of ['author_updated', 'author_removed', 'series_updated', 'series_removed'] as const) {
      this.relay(socket, event, entityRefSchema, (r) => ({ id: r.id, libraryId: r.libraryId ?? null, name: r.name ?? null }));
    }
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
      const token = typeof source === 'string' ? source : await source(fresh && this.lastToken !== undefined ? { refused: this.lastToken } : {});
      this.lastToken = token;
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
    this.authFailures += 1;
    this.refusedOnce = false;
    // Said loudly once; the retries after it are routine until something changes.
    if (this.authFailures === 1) this.log.warn({ err: error.toJSON() }, 'socket authentication failed; retrying with backoff');
    else this.log.debug({ attempt: this.authFailures }, 'socket authentication failed again');
    this.emit('auth_failed', error);
    if (this.closed) return;
    this.socket?.disconnect();
    this.scheduleReconnect(backoffDelay({ baseMs: this.options.authRetry?.initialDelayMs ?? 30_000, maxMs: this.options.authRetry?.maxDelayMs ?? 30 * 60_000, jitter: 'equal' }, this.authFailures));
  }

  private scheduleReconnect(afterMs?: number): void {
    if (this.closed || this.retryTimer) return;
    this.attempt += 1;
    const delay = afterMs ?? backoffDelay({ baseMs: this.initialDelayMs, maxMs: this.maxDelayMs, jitter: 'equal' }, this.attempt);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) this.socket?.connect();
    }, delay);
  }

  private relay<E extends RelayedEvent, S extends z.ZodType>(
    socket: Socket,
    event: E,
    schema: S,
    map: (value: z.output<S>) => AbsSocketEvents[E][0],
  ): void {
    socket.on(event as string, (raw: unknown) => {
      // Podcast libraries are not mirrored (said once at start by the feed): their items are dropped unread.
      const payload = Array.isArray(raw) ? raw.filter((p) => !isPodcast(p)) : raw;
      if (isPodcast(payload) || (Array.isArray(payload) && payload.length === 0 && Array.isArray(raw) && raw.length > 0)) {
        this.log.trace({ event }, 'podcast item event skipped');
        return;
      }
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

type RelayedEvent = 'item_added' | 'item_updated' | 'items_added' | 'items_updated' | 'item_removed' | 'task_finished' | 'author_updated' | 'author_removed' | 'series_updated' | 'series_removed';

/** An item of a podcast library: `mediaType: 'podcast'` on the item. */
function isPodcast(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && (payload as { mediaType?: unknown }).mediaType === 'podcast';
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
