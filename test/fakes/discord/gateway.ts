import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { apiGuild, apiUser } from './payloads.js';
import type { FakeWorld } from './world.js';

type Json = Record<string, unknown>;

const GUILDS_INTENT = 1;
// GuildMembers, GuildPresences, MessageContent: refused with close 4014 unless the test allows them.
const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

interface Session {
  id: string;
  intents: number;
  seq: number;
  /** Every dispatch sent in this session, so a RESUME can replay what the client missed. */
  sent: { s: number; t: string; d: unknown }[];
  socket: WebSocket | null;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  allowedPrivilegedIntents: number;
}

/**
 * The WebSocket gateway: HELLO, IDENTIFY → READY (+ GUILD_CREATE with the Guilds intent), heartbeats, RESUME with
 * replay of missed dispatches, and dispatch of any event to the live session. Events: 'identify', 'ready', 'resumed',
 * 'disconnect'.
 */
export class FakeGateway extends EventEmitter {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sessions = new Map<string, Session>();
  private readonly sockets = new Set<WebSocket>();
  readonly stats = { identifies: 0, resumes: 0, heartbeats: 0 };

  constructor(
    private readonly world: FakeWorld,
    private readonly options: GatewayOptions,
    private readonly url: () => string,
  ) {
    super();
    this.wss.on('connection', (socket) => this.onConnection(socket));
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!(req.url ?? '').startsWith('/gateway')) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  /** The live session the next dispatch goes to (the newest one with an open socket). */
  private liveSession(): Session | undefined {
    return [...this.sessions.values()].reverse().find((s) => s.socket);
  }

  get connected(): boolean {
    return this.liveSession() !== undefined;
  }

  /** Sends a dispatch to the live session; while the client is away it is kept and replayed on RESUME. */
  dispatch(t: string, d: unknown): void {
    const session = this.liveSession() ?? [...this.sessions.values()].at(-1);
    if (!session) throw new Error('fake gateway: no session to dispatch to');
    this.send(session, t, d);
  }

  /** Drops the connection abruptly (close 1006 on the client side), which makes discord.js RESUME. */
  drop(): void {
    for (const s of this.sessions.values()) s.socket?.terminate();
  }

  /** Asks the client to reconnect (op 7), as Discord does before maintenance. */
  requestReconnect(): void {
    for (const s of this.sessions.values()) s.socket?.send(JSON.stringify({ op: 7, d: null, s: null, t: null }));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(session: Session, t: string, d: unknown): void {
    session.seq += 1;
    session.sent.push({ s: session.seq, t, d });
    session.socket?.send(JSON.stringify({ op: 0, t, s: session.seq, d }));
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    let session: Session | undefined;
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs }, s: null, t: null }));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (session?.socket === socket) session.socket = null;
      this.emit('disconnect');
    });
    socket.on('message', (raw) => {
      let msg: Json;
      try {
        msg = JSON.parse(String(raw)) as Json;
      } catch {
        return void socket.close(4002, 'Decode error');
      }
      const d = (msg.d ?? {}) as Json;
      switch (msg.op) {
        case 1:
          this.stats.heartbeats += 1;
          socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
          break;
        case 2:
          session = this.identify(socket, d);
          break;
        case 6:
          session = this.resume(socket, d);
          break;
        default:
          break;
      }
    });
  }

  private identify(socket: WebSocket, d: Json): Session | undefined {
    if (d.token !== this.world.token) return void socket.close(4004, 'Authentication failed.');
    const intents = Number(d.intents ?? 0);
    if ((intents & PRIVILEGED_INTENTS & ~this.options.allowedPrivilegedIntents) !== 0) {
      return void socket.close(4014, 'Disallowed intent(s).');
    }
    this.stats.identifies += 1;
    this.emit('identify', { intents });
    const session: Session = { id: randomBytes(16).toString('hex'), intents, seq: 0, sent: [], socket };
    this.sessions.set(session.id, session);
    this.send(session, 'READY', {
      v: 10,
      user: apiUser(this.world.botUser, true),
      guilds: [{ id: this.world.guildId, unavailable: true }],
      session_id: session.id,
      resume_gateway_url: this.url(),
      shard: [0, 1],
      application: { id: this.world.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
    });
    if (intents & GUILDS_INTENT) this.send(session, 'GUILD_CREATE', apiGuild(this.world));
    this.emit('ready', { sessionId: session.id, intents });
    return session;
  }

  private resume(socket: WebSocket, d: Json): Session | undefined {
    const session = this.sessions.get(String(d.session_id));
    if (d.token !== this.world.token || !session) {
      // op 9 Invalid Session, not resumable: the client must identify again.
      socket.send(JSON.stringify({ op: 9, d: false, s: null, t: null }));
      return undefined;
    }
    this.stats.resumes += 1;
    session.socket = socket;
    for (const event of session.sent.filter((e) => e.s > Number(d.seq ?? 0))) {
      socket.send(JSON.stringify({ op: 0, t: event.t, s: event.s, d: event.d }));
    }
    this.send(session, 'RESUMED', {});
    this.emit('resumed', { sessionId: session.id });
    return session;
  }
}
