import type { Server as HttpServer } from 'node:http';
import { Server as SocketServer, type Socket } from 'socket.io';
import type { AbsAuth } from './abs.auth.js';
import type { AbsStore } from './abs.store.js';

/**
 * ABS's socket.io v4 endpoint (contracts §2.6): nothing is delivered until the client emits `auth` with a user JWT;
 * then `init`, and item/task events. API keys and expired tokens get `auth_failed`. Re-emitting `auth` is allowed.
 */
export class AbsSocketHub {
  readonly io = new SocketServer({ cors: { origin: '*' } });
  private attached = false;
  /** Every `auth` attempt, for tests asserting which token the client used. */
  readonly authAttempts: Array<{ ok: boolean }> = [];

  constructor(auth: AbsAuth, store: AbsStore) {
    this.io.on('connection', (socket: Socket) => {
      socket.on('auth', (token: unknown) => {
        const userId = auth.socketUser(token);
        const user = userId ? store.users.get(userId) : undefined;
        this.authAttempts.push({ ok: !!user });
        if (!user) {
          socket.leave('users');
          socket.emit('auth_failed', { message: typeof token === 'string' && token.length > 0 ? 'Invalid token' : 'Invalid user' });
          return;
        }
        void socket.join('users');
        socket.emit('init', { userId: user.id, username: user.username, usersOnline: [{ id: user.id, username: user.username, type: user.type }] });
      });
      socket.on('ping', () => socket.emit('pong'));
    });
  }

  attach(server: HttpServer): void {
    if (this.attached) return;
    this.attached = true;
    this.io.attach(server);
  }

  emit(event: string, payload: unknown): void {
    this.io.to('users').emit(event, payload);
  }

  /** Server-side disconnect of every client (the client must reconnect on its own). */
  dropAll(): void {
    this.io.disconnectSockets(true);
  }

  async authenticatedCount(): Promise<number> {
    return (await this.io.in('users').fetchSockets()).length;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.io.disconnectSockets(true);
      // io.close() also closes the HTTP server, which the fake kit owns; only stop the engine.
      this.io.engine.close();
      resolve();
    });
  }
}
