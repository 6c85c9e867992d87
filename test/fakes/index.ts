/**
 * One entry point for the fake upstreams: start any set of them on 127.0.0.1 (port 0), get their handles (to seed
 * data and switch faults), the environment variables that point the service at them, and one close for all.
 *
 *   const fakes = await startFakes({ abs: { books: 3 }, prowlarr: {} });
 *   spawnService([...], { ...fakes.env(), DATA_DIR });
 *   await fakes.closeAll();
 */
import { startAbsFake, type AbsFake, type AbsFakeOptions } from './abs/index.js';
import { startAudibleFake, type AudibleFake, type AudibleFakeOptions } from './audible/audible.fake.js';
import { FakeDiscord, type FakeDiscordOptions } from './discord/index.js';
import { startMamFake, type MamFake, type MamFakeTorrent } from './mam/mam.fake.js';
import { startAudnexusFake, type AudnexusFake, type AudnexusFakeBook } from './providers/audnexus.fake.js';
import { startGoogleBooksFake, type GoogleBooksFake, type GoogleFakeVolume } from './providers/google-books.fake.js';
import { startHardcoverFake, type HardcoverFake, type HardcoverFakeBook } from './providers/hardcover.fake.js';
import { startOpenLibraryFake, type OpenLibraryFake, type OpenLibraryFakeWork } from './providers/open-library.fake.js';
import { startProwlarrFake, type ProwlarrFake, type ProwlarrFakeOptions } from './prowlarr/index.js';
import { startQbittorrentFake, type QbittorrentFake, type QbittorrentFakeOptions } from './qbittorrent/index.js';

export interface FakeOptions {
  abs: AbsFakeOptions;
  qbittorrent: QbittorrentFakeOptions;
  prowlarr: ProwlarrFakeOptions;
  googleBooks: { apiKey?: string; volumes?: GoogleFakeVolume[] };
  openLibrary: { works?: OpenLibraryFakeWork[] };
  audnexus: { books?: AudnexusFakeBook[] };
  audible: AudibleFakeOptions;
  hardcover: { token?: string; books?: HardcoverFakeBook[] };
  mam: { mamId?: string; torrents?: MamFakeTorrent[] };
  discord: FakeDiscordOptions;
}

export interface FakeHandles {
  abs: AbsFake;
  qbittorrent: QbittorrentFake;
  prowlarr: ProwlarrFake;
  googleBooks: GoogleBooksFake & { apiKey: string | undefined };
  openLibrary: OpenLibraryFake;
  audnexus: AudnexusFake;
  audible: AudibleFake;
  hardcover: HardcoverFake & { token: string };
  mam: MamFake & { mamId: string };
  discord: FakeDiscord;
}

export type FakeName = keyof FakeOptions;

/** The handles of exactly the fakes that were asked for. */
export type StartedFakes<O extends Partial<FakeOptions>> = { [K in keyof O & FakeName]: FakeHandles[K] } & {
  /** Environment variables pointing the service (config) at the started fakes, credentials included. */
  env(): Record<string, string>;
  /** Closes every started fake; safe to call twice. */
  closeAll(): Promise<void>;
};

export const DEFAULT_HARDCOVER_TOKEN = 'hardcover-fake-token-0123456789';
export const DEFAULT_MAM_ID = 'mam-fake-session-0123456789abcdef';

const starters: { [K in FakeName]: (o: FakeOptions[K]) => Promise<FakeHandles[K]> } = {
  abs: (o) => startAbsFake(o),
  qbittorrent: (o) => startQbittorrentFake(o),
  prowlarr: (o) => startProwlarrFake(o),
  googleBooks: async (o) => Object.assign(await startGoogleBooksFake(o), { apiKey: o.apiKey }),
  openLibrary: (o) => startOpenLibraryFake(o.works ?? []),
  audnexus: (o) => startAudnexusFake(o.books ?? []),
  audible: (o) => startAudibleFake(o),
  hardcover: async (o) => {
    const token = o.token ?? DEFAULT_HARDCOVER_TOKEN;
    return Object.assign(await startHardcoverFake({ token, ...(o.books ? { books: o.books } : {}) }), { token });
  },
  mam: async (o) => {
    const mamId = o.mamId ?? DEFAULT_MAM_ID;
    return Object.assign(await startMamFake({ mamId, ...(o.torrents ? { torrents: o.torrents } : {}) }), { mamId });
  },
  discord: (o) => FakeDiscord.start(o),
};

/** The variables of src/config/env-schema.ts (and the *_BASE_URL overrides `cli doctor` reads) for one fake. */
function envOf(name: FakeName, handles: Partial<FakeHandles>): Record<string, string> {
  switch (name) {
    case 'abs': {
      const f = handles.abs!;
      return { ABS_BASE_URL: f.url, ABS_API_TOKEN: f.controls.apiKey };
    }
    case 'qbittorrent': {
      const f = handles.qbittorrent!;
      return { QBITTORRENT_URL: f.url, QBITTORRENT_USERNAME: f.controls.username, QBITTORRENT_PASSWORD: f.controls.password };
    }
    case 'prowlarr': {
      const f = handles.prowlarr!;
      return { PROWLARR_URL: f.url, PROWLARR_API_KEY: f.controls.apiKey };
    }
    case 'googleBooks': {
      const f = handles.googleBooks!;
      return { GOOGLE_BOOKS_BASE_URL: f.apiUrl, ...(f.apiKey ? { GOOGLE_BOOKS_API_KEY: f.apiKey } : {}) };
    }
    case 'openLibrary':
      return { OPEN_LIBRARY_BASE_URL: handles.openLibrary!.url };
    case 'audnexus':
      return { AUDNEXUS_BASE_URL: handles.audnexus!.url };
    case 'audible':
      // One address for every marketplace: the fake serves /{region}/1.0/… (AUDIBLE_REGION picks one).
      return { AUDIBLE_BASE_URL: handles.audible!.baseUrlTemplate };
    case 'hardcover': {
      const f = handles.hardcover!;
      return { HARDCOVER_BASE_URL: f.apiUrl, HARDCOVER_API_TOKEN: f.token };
    }
    case 'mam': {
      const f = handles.mam!;
      return { MAM_BASE_URL: f.url, MAM_ID: f.mamId };
    }
    case 'discord': {
      const { world, apiBaseUrl } = handles.discord!;
      return { DISCORD_API_BASE_URL: apiBaseUrl, DISCORD_TOKEN: world.token, DISCORD_APPLICATION_ID: world.applicationId, DISCORD_GUILD_ID: world.guildId };
    }
  }
}

/**
 * Starts the requested fakes concurrently. If one fails to start, the others are closed before the error surfaces,
 * so a broken test run leaves no listening port behind.
 */
export async function startFakes<O extends Partial<FakeOptions>>(options: O): Promise<StartedFakes<O>> {
  const names = (Object.keys(options) as FakeName[]).filter((n) => n in starters && options[n] !== undefined);
  const handles: Partial<FakeHandles> = {};
  const settled = await Promise.allSettled(
    names.map(async (name) => {
      const start = starters[name] as (o: unknown) => Promise<FakeHandles[typeof name]>;
      (handles as Record<string, unknown>)[name] = await start(options[name]);
    }),
  );
  let closed: Promise<void> | undefined;
  const closeAll = () => {
    closed ??= Promise.all(Object.values(handles).map((h) => h.close())).then(() => undefined);
    return closed;
  };
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await closeAll();
    throw failure.reason;
  }
  const env = () => Object.assign({}, ...names.map((n) => envOf(n, handles))) as Record<string, string>;
  return { ...handles, env, closeAll } as unknown as StartedFakes<O>;
}
