import { startHttpFake, type FakeServer, type Fault, type FaultMode } from '../http-fake.js';
import { AbsAuth, newUser } from './abs.auth.js';
import type { BookSeed, FakeItem, FakeLibrary } from './abs.model.js';
import { absRoutes } from './abs.routes.js';
import { AbsScanner } from './abs.scanner.js';
import { generateBooks } from './abs.seed.js';
import { AbsSocketHub } from './abs.socket.js';
import { AbsStore } from './abs.store.js';

export interface AbsFakeOptions {
  username?: string;
  password?: string;
  /** Books inserted before start (no socket events). A number generates that many (abs.seed.ts). */
  books?: number | BookSeed[];
  /** Delay between POST …/scan and the scan's events (ABS: ~0.1 s). */
  scanDelayMs?: number;
  /** Delay between a watcher update and item_added (ABS: 10-12 s; short here). */
  watcherDelayMs?: number;
  /** ABS's ACCESS_TOKEN_EXPIRY (1 h), in ms: how long an access token from /login or /auth/refresh lasts. */
  accessTokenTtlMs?: number;
}

export interface AbsFakeControls {
  store: AbsStore;
  library: FakeLibrary;
  username: string;
  password: string;
  /** An API-key token (REST only; the socket refuses it). */
  apiKey: string;
  /** A fresh user access token (REST and socket). */
  issueAccessToken(): string;
  /** Simulates the 1 h access-token expiry: REST 401, socket auth_failed. */
  expireAccessTokens(): void;
  /** Revokes every refresh token (ABS's session gone, e.g. logged out elsewhere): the next refresh gets 401. */
  revokeRefreshTokens(): void;
  /** Logins and refreshes so far, in order (kind 'access' is one per /login or /auth/refresh). */
  tokensIssued(): ReadonlyArray<{ kind: string; at: number }>;
  /** Adds a podcast library (its items are not books; the service skips it). */
  addPodcastLibrary(name: string): FakeLibrary;
  /** Inserts books directly, as if present before the test (no events). Returns the items. */
  seedBooks(books: number | BookSeed[]): FakeItem[];
  /** Puts a book "on disk": it appears at the next library scan (items_added) or watcher event for its path. */
  stageBook(book: BookSeed): FakeItem;
  /** Marks an item's folder as gone: the next scan reports it missing. */
  vanish(itemId: string): void;
  /** Deletes an item and emits item_removed. */
  removeItem(itemId: string): void;
  /** Every event emitted to authenticated sockets, in order. */
  events: Array<{ event: string; payload: unknown }>;
  /** Emits any event to authenticated sockets. */
  emit(event: string, payload: unknown): void;
  /** Disconnects every socket from the server side. */
  dropSockets(): void;
  authenticatedSockets(): Promise<number>;
  socketAuthAttempts(): Array<{ ok: boolean }>;
  faults: FakeServer['faults'];
  setFault(fault: Fault | FaultMode): void;
  requests: FakeServer['requests'];
  scanner: AbsScanner;
}

export interface AbsFake {
  url: string;
  controls: AbsFakeControls;
  close(): Promise<void>;
}

/** A faithful Audiobookshelf 2.36 on 127.0.0.1:0 (REST + socket.io), built from the recorded samples. */
export async function startAbsFake(options: AbsFakeOptions = {}): Promise<AbsFake> {
  const store = new AbsStore();
  const auth = new AbsAuth();
  if (options.accessTokenTtlMs !== undefined) auth.accessTokenTtlMs = options.accessTokenTtlMs;
  const username = options.username ?? 'root';
  const password = options.password ?? 'abs-root-password';
  const root = newUser(username, password, 'root');
  store.users.set(root.id, root);
  const library = store.addLibrary('Audiobooks');
  const events: AbsFakeControls['events'] = [];
  const hub = new AbsSocketHub(auth, store);
  const emit = (event: string, payload: unknown) => {
    events.push({ event, payload });
    hub.emit(event, payload);
  };
  const scanner = new AbsScanner(store, emit);
  if (options.scanDelayMs !== undefined) scanner.scanDelayMs = options.scanDelayMs;
  if (options.watcherDelayMs !== undefined) scanner.watcherDelayMs = options.watcherDelayMs;

  const server = await startHttpFake((app) => absRoutes(app, { store, auth, scanner, emit }));
  // socket.io sits on the same HTTP server as the REST API, as in ABS.
  hub.attach(server.server);

  const seedBooks = (books: number | BookSeed[]) => {
    const seeds = typeof books === 'number' ? generateBooks(books, store.items.size) : books;
    return seeds.map((seed) => {
      const item = store.buildItem(library.id, seed);
      store.insertItem(item);
      return item;
    });
  };
  if (options.books !== undefined) seedBooks(options.books);

  const controls: AbsFakeControls = {
    store,
    library,
    username,
    password,
    apiKey: auth.issue('apiKey', root),
    issueAccessToken: () => auth.issue('access', root),
    expireAccessTokens: () => auth.expire('access'),
    revokeRefreshTokens: () => auth.expire('refresh'),
    tokensIssued: () => auth.issued,
    addPodcastLibrary: (name) => store.addLibrary(name, `/podcasts/${name}`, 'podcast'),
    seedBooks,
    stageBook(book) {
      const item = store.buildItem(library.id, book);
      scanner.staged.push(item);
      return item;
    },
    vanish: (itemId) => void scanner.vanished.add(itemId),
    removeItem(itemId) {
      const item = store.removeItem(itemId);
      if (item) emit('item_removed', { id: item.id, libraryId: item.libraryId });
    },
    events,
    emit,
    dropSockets: () => hub.dropAll(),
    authenticatedSockets: () => hub.authenticatedCount(),
    socketAuthAttempts: () => hub.authAttempts,
    faults: server.faults,
    setFault: (fault) => server.faults.set(fault),
    requests: server.requests,
    scanner,
  };

  return {
    url: server.url,
    controls,
    close: async () => {
      await hub.close();
      await server.close();
    },
  };
}
