import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { AppConfig, IntegrationName } from '../config/config.js';
import type { ProbeFailure, ProbeResult } from '../core/status/doctor.js';
import { isIntegrationError } from '../integrations/http/index.js';
import type { IntegrationClients } from './integration-clients.js';

/**
 * The probe of each configured integration: the cheapest call that proves reachability, credentials and version.
 * One set, used by `cli doctor` (once, on demand) and by the service's health monitor (periodically, see services.ts).
 */

export type Healthy = { version?: string; detail?: string; authenticated: boolean };
export type Probe = () => Promise<Healthy>;

/** What to check when a probe fails at a given stage: the settings an operator would fix. */
const HINTS: Partial<Record<IntegrationName, { network: string; auth: string }>> = {
  audiobookshelf: { network: 'check ABS_BASE_URL and that Audiobookshelf is running', auth: 'check ABS_API_TOKEN and ABS_USERNAME/ABS_PASSWORD (a user of ABS, active)' },
  qbittorrent: { network: 'check QBITTORRENT_URL and that the WebUI is enabled', auth: 'check QBITTORRENT_USERNAME and QBITTORRENT_PASSWORD' },
  prowlarr: { network: 'check PROWLARR_URL and that Prowlarr is running', auth: 'check PROWLARR_API_KEY' },
  googleBooks: { network: 'is the internet reachable from here?', auth: 'check GOOGLE_BOOKS_API_KEY' },
  openLibrary: { network: 'is the internet reachable from here?', auth: 'Open Library needs no credentials' },
  audnexus: { network: 'is the internet reachable from here?', auth: 'Audnexus needs no credentials' },
  audible: { network: 'is the internet reachable from here? (AUDIBLE_BASE_URL, if set)', auth: 'the Audible catalogue needs no credentials' },
  hardcover: { network: 'is the internet reachable from here?', auth: 'check HARDCOVER_API_TOKEN' },
  myAnonamouse: { network: 'is the internet reachable from here?', auth: 'create a new session under MAM Preferences → Security and set MAM_ID' },
  discord: { network: 'check DISCORD_API_BASE_URL', auth: 'check DISCORD_TOKEN' },
};

function toFailure(error: unknown, mask: (text: string) => string): ProbeFailure {
  if (isIntegrationError(error)) {
    return { code: error.code, ...(error.status === undefined ? {} : { status: error.status }), message: mask(`${error.operation}: ${error.reason}`) };
  }
  if (error instanceof ProbeError) {
    return { ...(error.code ? { code: error.code } : {}), ...(error.status === undefined ? {} : { status: error.status }), message: mask(error.message) };
  }
  return { message: mask(error instanceof Error ? error.message : String(error)) };
}

/** A probe's own failure (outside the integration clients), coded like an IntegrationError. */
export class ProbeError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/** Runs one probe under a hard deadline (the clients have their own request timeouts; this bounds the whole probe). */
export async function runProbe(name: IntegrationName, timeoutMs: number, probe: Probe, mask: (t: string) => string): Promise<ProbeResult> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeError(`no answer within ${timeoutMs / 1000} s`, 'timeout')), timeoutMs);
  });
  try {
    const healthy = await Promise.race([probe(), deadline]);
    return { name, outcome: 'healthy', ...healthy };
  } catch (error) {
    const failure = toFailure(error, mask);
    const hints = HINTS[name];
    const hint =
      failure.code === 'network' || failure.code === 'timeout'
        ? hints?.network
        : failure.code === 'auth' || failure.code === 'session_expired'
          ? hints?.auth
          : undefined;
    return { name, outcome: 'failed', failure, ...(hint ? { hint } : {}) };
  } finally {
    clearTimeout(timer);
  }
}

const discordUserSchema = z.object({ id: z.string(), username: z.string() });

/** GET /users/@me with the bot token: reachability and a valid token in one call (discord.js itself is not loaded). */
async function probeDiscord(config: AppConfig, timeoutMs: number): Promise<Healthy> {
  const base = config.discord.apiBaseUrl.replace(/\/+$/, '').replace(/\/v\d+$/, '');
  let res: Response;
  try {
    res = await fetch(`${base}/v10/users/@me`, { headers: { Authorization: `Bot ${config.discord.token ?? ''}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const timedOut = (error as Error).name === 'TimeoutError';
    throw new ProbeError(`users/@me: ${timedOut ? `no answer within ${timeoutMs} ms` : (cause ?? 'network error')}`, timedOut ? 'timeout' : 'network');
  }
  if (res.status === 401) throw new ProbeError('users/@me: the bot token was refused', 'auth', 401);
  if (!res.ok) throw new ProbeError(`users/@me: HTTP ${res.status}`, 'http_error', res.status);
  const user = discordUserSchema.safeParse(await res.json().catch(() => undefined));
  if (!user.success) throw new ProbeError('users/@me: unexpected answer', 'invalid_response', res.status);
  return { authenticated: true, detail: `bot ${user.data.username}` };
}

async function probeDirectory(label: string, dir: string | undefined): Promise<string> {
  if (!dir) throw new Error(`${label} not set`);
  const s = await stat(dir).catch(() => undefined);
  if (!s?.isDirectory()) throw new Error(`${label} ${dir} is not an existing directory`);
  return dir;
}

/** A probe asks the upstream itself: a cached answer would say nothing about its health now. */
const FRESH = { forceRefresh: true } as const;

/**
 * Which credentials serve ABS's socket. A configured user is logged in (once per client; later checks reuse or
 * refresh its token), so a wrong password or a disabled user fails the check with ABS's reason.
 */
async function absLiveEvents(abs: NonNullable<IntegrationClients['abs']>): Promise<string> {
  const live = abs.liveEvents;
  switch (live.mode) {
    case 'off':
      return `live events: off (${live.reason})`;
    case 'user':
      await abs.socketToken();
      return `live events: on (user ${live.username}, REST with ${abs.restCredential})`;
    case 'token':
      return live.kind === 'legacy'
        ? 'live events: on (legacy user token)'
        : live.kind === 'access'
          ? 'live events: until the access token expires (1 h; set ABS_USERNAME/ABS_PASSWORD)'
          : 'live events: on if ABS takes ABS_API_TOKEN on its socket';
  }
}

/** The probe of each configured integration: the cheapest call that proves reachability, credentials and version. */
export function integrationProbes(config: AppConfig, clients: IntegrationClients, timeoutMs: number): Partial<Record<IntegrationName, Probe>> {
  const { abs, qbittorrent, prowlarr, googleBooks, openLibrary, audnexus, audible, hardcover, mam } = clients;
  return {
    discord: () => probeDiscord(config, timeoutMs),
    audiobookshelf: abs && (async () => {
      const status = await abs.status();
      const libraries = await abs.libraries();
      return { authenticated: true, version: status.serverVersion, detail: `${libraries.length} librar${libraries.length === 1 ? 'y' : 'ies'}, ${await absLiveEvents(abs)}` };
    }),
    qbittorrent: qbittorrent && (async () => {
      await qbittorrent.login();
      const v = await qbittorrent.version();
      return { authenticated: true, version: `${v.app} (Web API ${v.webApi})` };
    }),
    prowlarr: prowlarr && (async () => {
      const status = await prowlarr.systemStatus();
      const indexers = await prowlarr.indexers();
      const healthy = indexers.filter((i) => i.healthy).length;
      return { authenticated: true, version: status.version, detail: `${healthy} of ${indexers.length} indexers healthy` };
    }),
    googleBooks: googleBooks && (async () => {
      await googleBooks.search({ title: 'Dune', author: 'Frank Herbert', limit: 1 }, FRESH);
      return config.googleBooks.apiKey ? { authenticated: true } : { authenticated: false, detail: 'no API key (shared anonymous quota)' };
    }),
    openLibrary: openLibrary && (async () => {
      await openLibrary.search({ title: 'Dune', author: 'Frank Herbert', limit: 1 }, FRESH);
      return { authenticated: false };
    }),
    audnexus: audnexus && (async () => {
      // A by-ASIN read is Audnexus' cheapest call (served from its own cache); "not found" still proves it answers.
      await audnexus.getByAsin('B002V1OF70', FRESH);
      return { authenticated: false };
    }),
    audible: audible && (async () => {
      // A one-result search, past the cache: any answer (even no hit) proves the catalogue of the region answers.
      await audible.search({ keywords: 'Dune', pageSize: 1 }, { forceRefresh: true });
      return { authenticated: false, detail: `region ${audible.region}` };
    }),
    hardcover: hardcover && (async () => {
      await hardcover.search({ title: 'Dune', limit: 1 }, FRESH);
      return { authenticated: true };
    }),
    myAnonamouse: mam && (async () => {
      const user = await mam.create().checkSession();
      return { authenticated: true, detail: `session valid${user.className ? ` (${user.className})` : ''}` };
    }),
    import: async () => {
      await probeDirectory('LIBRARY_ROOT', config.paths.libraryRoot);
      await probeDirectory('DOWNLOAD_ROOT', config.paths.downloadRoot);
      return { authenticated: false, detail: 'library and download folders exist' };
    },
  };
}
