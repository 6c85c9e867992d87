import type { FakeWorld } from './world.js';

type Json = Record<string, unknown>;

/** One REST request as the fake saw it; path is decoded and relative to /api/v10. */
export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
  /** Whether `Authorization: Bot <token>` was sent (discord.js omits it on interaction and webhook routes). */
  authorized: boolean;
  status: number;
  at: number;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: 2 | 3 | 4;
  dispatchedAt: number;
  /** The first callback that Discord accepted: its type, body and when it arrived. */
  firstCallback?: { type: number; body: Json; at: number };
  /** Every callback attempt, accepted or not, with the status the fake answered. */
  callbackAttempts: { type: number; status: number; code?: number; at: number }[];
  /** The message that @original refers to once acknowledged (the component's message for updates). */
  originalMessageId?: string;
  componentMessageId?: string;
  /** Follow-up messages sent with the interaction token, in order. */
  followUpIds: string[];
}

/** A failure to inject: the next `times` requests matching method and path are answered with it instead. */
export interface FailureRule {
  method?: string;
  path: RegExp;
  status: 429 | 500 | 502 | 503;
  /** Seconds, sent as Retry-After for 429. */
  retryAfter?: number;
  times: number;
  /** Handle the request first, then answer with the failure: Discord did the work but the client cannot know. */
  afterHandling?: boolean;
}

export interface FakeState {
  world: FakeWorld;
  calls: RecordedCall[];
  commands: { global: Json[]; guild: Json[] };
  messages: Map<string, Json>;
  /** Message ids posted to the channel, oldest first (interaction responses excluded). */
  channelMessageIds: string[];
  interactions: Map<string, InteractionRecord>;
  failures: FailureRule[];
  /** nonce → message id, for `enforce_nonce` de-duplication. */
  nonces: Map<string, { messageId: string; at: number }>;
  deadlineMs: number;
}

export function createState(world: FakeWorld, deadlineMs: number): FakeState {
  return {
    world,
    calls: [],
    commands: { global: [], guild: [] },
    messages: new Map(),
    channelMessageIds: [],
    interactions: new Map(),
    failures: [],
    nonces: new Map(),
    deadlineMs,
  };
}
