import { randomBytes } from 'node:crypto';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { channelRoutes } from './channels.routes.js';
import { commandRoutes } from './commands.routes.js';
import { FakeGateway } from './gateway.js';
import { interactionRoutes } from './interactions.routes.js';
import { apiInteraction } from './payloads.js';
import { createRestListener } from './rest-server.js';
import { type Json, isObj } from './route.js';
import { type FailureRule, type FakeState, type InteractionRecord, createState } from './state.js';
import { type FakeUser, type FakeWorld, createWorld } from './world.js';

export interface FakeDiscordOptions {
  token?: string;
  /** Initial-response deadline; Discord's is 3 s. */
  interactionDeadlineMs?: number;
  heartbeatIntervalMs?: number;
  allowedPrivilegedIntents?: number;
}

export type OptionValue = string | number | boolean;

/** Polls until `probe` returns something other than undefined, or fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A local Discord: REST v10 and a gateway on one loopback port. The real discord.js client is pointed at it with
 * `rest: { api: fake.apiBaseUrl }`; the gateway address then comes from GET /gateway/bot.
 */
export class FakeDiscord {
  readonly world: FakeWorld;
  readonly gateway: FakeGateway;
  private readonly state: FakeState;
  private readonly server: Server;
  private port = 0;

  private constructor(options: FakeDiscordOptions) {
    this.world = createWorld(options.token ?? 'fake-bot-token.shelfkeeper');
    this.state = createState(this.world, options.interactionDeadlineMs ?? 3_000);
    const gatewayUrl = () => `ws://127.0.0.1:${this.port}/gateway`;
    this.gateway = new FakeGateway(
      this.world,
      { heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250, allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? 0 },
      gatewayUrl,
    );
    const routes = [...channelRoutes(this.state, gatewayUrl), ...commandRoutes(this.state), ...interactionRoutes(this.state)];
    this.server = createServer(createRestListener(this.state, routes));
    this.server.on('upgrade', (req, socket, head) => this.gateway.handleUpgrade(req, socket, head));
  }

  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const fake = new FakeDiscord(options);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.port = (fake.server.address() as AddressInfo).port;
    return fake;
  }

  /** What to pass as discord.js `rest.api` (includes /api, not the version). */
  get apiBaseUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get calls() {
    return this.state.calls;
  }

  commands(scope: 'guild' | 'global' = 'guild'): Json[] {
    return this.state.commands[scope];
  }

  /** Messages posted to the notification channel (not interaction replies), oldest first. */
  channelMessages(): Json[] {
    return this.state.channelMessageIds.flatMap((id): Json[] => { const m = this.state.messages.get(id); return m ? [m] : []; });
  }

  message(id: string): Json | undefined {
    return this.state.messages.get(id);
  }

  interaction(id: string): InteractionRecord {
    const rec = this.state.interactions.get(id);
    if (!rec) throw new Error(`fake discord: no interaction ${id}`);
    return rec;
  }

  originalMessage(interactionId: string): Json | undefined {
    const id = this.interaction(interactionId).originalMessageId;
    return id ? this.state.messages.get(id) : undefined;
  }

  followUps(interactionId: string): Json[] {
    return this.interaction(interactionId).followUpIds.flatMap((id): Json[] => { const m = this.state.messages.get(id); return m ? [m] : []; });
  }

  /** Answers the next `times` matching requests with a 429 (Retry-After) or a 5xx instead of handling them. */
  failNext(rule: Omit<FailureRule, 'times'> & { times?: number }): void {
    this.state.failures.push({ times: 1, ...rule });
  }

  /** Resolves with the first accepted callback and how long after dispatch it arrived. */
  async firstCallback(interactionId: string, timeoutMs = 5_000) {
    const rec = this.interaction(interactionId);
    const cb = await waitFor(() => rec.firstCallback, timeoutMs, `first callback of ${interactionId}`);
    return { ...cb, latencyMs: cb.at - rec.dispatchedAt };
  }

  dispatchCommand(input: { name: string; user: FakeUser; options?: Record<string, OptionValue> | Json[] }): InteractionRecord {
    const command = [...this.state.commands.guild, ...this.state.commands.global].find((c) => c.name === input.name);
    return this.dispatch(2, input.user, {
      id: command?.id ?? this.world.nextId(),
      name: input.name,
      type: 1,
      guild_id: this.world.guildId,
      ...(input.options ? { options: this.toOptions(command, input.options) } : {}),
    });
  }

  dispatchAutocomplete(input: { name: string; user: FakeUser; focused: string; options: Record<string, OptionValue> }) {
    const command = [...this.state.commands.guild, ...this.state.commands.global].find((c) => c.name === input.name);
    const options = this.toOptions(command, input.options).map((o) => (o.name === input.focused ? { ...o, focused: true } : o));
    return this.dispatch(4, input.user, { id: command?.id ?? this.world.nextId(), name: input.name, type: 1, options });
  }

  /** A button press on a stored message (e.g. one the bot posted). */
  dispatchButton(input: { customId: string; user: FakeUser; messageId: string }): InteractionRecord {
    return this.dispatch(3, input.user, { custom_id: input.customId, component_type: 2 }, input.messageId);
  }

  dispatchSelect(input: { customId: string; user: FakeUser; messageId: string; values: string[] }): InteractionRecord {
    return this.dispatch(3, input.user, { custom_id: input.customId, component_type: 3, values: input.values }, input.messageId);
  }

  /** Drops the gateway connection abruptly; discord.js then RESUMEs on the resume_gateway_url. */
  dropGateway(): void {
    this.gateway.drop();
  }

  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private dispatch(type: 2 | 3 | 4, user: FakeUser, data: Json, messageId?: string): InteractionRecord {
    const message = messageId ? this.state.messages.get(messageId) : undefined;
    if (messageId && !message) throw new Error(`fake discord: no message ${messageId} to attach the component to`);
    const rec: InteractionRecord = {
      id: this.world.nextId(),
      token: `itok_${randomBytes(24).toString('hex')}`,
      type,
      dispatchedAt: Date.now(),
      callbackAttempts: [],
      followUpIds: [],
      ...(messageId ? { componentMessageId: messageId } : {}),
    };
    this.state.interactions.set(rec.id, rec);
    this.gateway.dispatch('INTERACTION_CREATE', apiInteraction(this.world, { id: rec.id, token: rec.token, type, user, data, ...(message ? { message } : {}) }));
    return rec;
  }

  private toOptions(command: Json | undefined, options: Record<string, OptionValue> | Json[]): Json[] {
    if (Array.isArray(options)) return options;
    const declared = Array.isArray(command?.options) ? (command.options as unknown[]).filter(isObj) : [];
    return Object.entries(options).map(([name, value]) => {
      const type = declared.find((o) => o.name === name)?.type;
      const inferred = typeof value === 'boolean' ? 5 : typeof value === 'number' ? (Number.isInteger(value) ? 4 : 10) : 3;
      return { name, type: typeof type === 'number' ? type : inferred, value };
    });
  }
}
