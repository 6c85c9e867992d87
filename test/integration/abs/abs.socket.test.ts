import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbsClient, AbsSocketClient, type AbsBook, type AbsSocketOptions } from '../../../src/integrations/abs/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

/**
 * What only the fake can make happen: tokens expiring, the server dropping sockets, drifted payloads. The events both
 * servers deliver are in abs.suite.ts (abs-fake/abs-real).
 */
describe('AbsSocketClient against the ABS fake (fake-only cases)', () => {
  let fake: AbsFake;
  let rest: AbsClient;
  const sockets: AbsSocketClient[] = [];
  const log = captureLogs();

  const open = async (token: AbsSocketOptions['token']) => {
    const socket = new AbsSocketClient({ baseUrl: fake.url, logger: log.logger, token, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, connectTimeoutMs: 3_000 });
    sockets.push(socket);
    return socket;
  };
  const next = <T>(socket: AbsSocketClient, event: 'item_added' | 'items_added' | 'item_updated' | 'item_removed' | 'task_finished' | 'connected' | 'invalid_event') =>
    once(socket, event, { signal: AbortSignal.timeout(3_000) }).then((args) => args[0] as T);

  beforeAll(async () => {
    fake = await startAbsFake({ books: 3, scanDelayMs: 10, watcherDelayMs: 10 });
    rest = new AbsClient({ baseUrl: fake.url, auth: { apiKey: fake.controls.apiKey }, logger: log.logger });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => fake.close());

  it('fetches a fresh token when the old one is refused after a reconnect', async () => {
    const first = fake.controls.issueAccessToken();
    let calls = 0;
    const socket = await open(async () => {
      calls += 1;
      // Calls 1 and 2 hand out the same (soon expired) token, as a cache would; the retry after refusal gets a new one.
      return calls <= 2 ? first : fake.controls.issueAccessToken();
    });
    await socket.connect();
    fake.controls.expireAccessTokens();
    const reconnected = next(socket, 'connected');
    fake.controls.dropSockets();
    await reconnected;
    expect(calls).toBe(3);
    expect(socket.isAuthenticated).toBe(true);
  });

  it('reports a static token that expired as auth_failed and keeps trying with the auth backoff (it may become valid)', async () => {
    const token = fake.controls.issueAccessToken();
    const socket = new AbsSocketClient({ baseUrl: fake.url, logger: log.logger, token, reconnect: { initialDelayMs: 20, maxDelayMs: 100 }, authRetry: { initialDelayMs: 100, maxDelayMs: 200 }, connectTimeoutMs: 3_000 });
    sockets.push(socket);
    await socket.connect();
    fake.controls.expireAccessTokens();
    const failures: IntegrationError[] = [];
    socket.on('auth_failed', (err) => failures.push(err));
    const attemptsBefore = fake.controls.socketAuthAttempts().length;
    fake.controls.dropSockets();
    const deadline = Date.now() + 3_000;
    while (failures.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(failures.map((e) => e.code)).toEqual(['auth', 'auth']);
    expect(fake.controls.socketAuthAttempts().length - attemptsBefore).toBeGreaterThanOrEqual(2);
    expect(socket.isAuthenticated).toBe(false);
  });

  it('reconnects after the server drops it and keeps delivering events', async () => {
    const socket = await open(async () => (await new AbsClient({ baseUrl: fake.url, auth: { username: fake.controls.username, password: fake.controls.password }, logger: log.logger }).login()).accessToken);
    await socket.connect();
    const disconnected = once(socket, 'disconnected', { signal: AbortSignal.timeout(3_000) });
    const reconnected = next(socket, 'connected');
    fake.controls.dropSockets();
    await disconnected;
    await reconnected;
    const staged = fake.controls.stageBook({ title: 'After Reconnect', authors: ['Rita Reconnect'] });
    const added = next<AbsBook>(socket, 'item_added');
    await rest.notifyFolderAdded(fake.controls.library.id, staged.path);
    expect((await added).title).toBe('After Reconnect');
  });

  it('drops a drifted payload with invalid_event instead of crashing, and goes on', async () => {
    const socket = await open(fake.controls.issueAccessToken());
    await socket.connect();
    const invalid = next<{ event: string; error: IntegrationError }>(socket, 'invalid_event');
    fake.controls.emit('item_added', { id: 42, media: 'nope' });
    const got = await invalid;
    expect(got.event).toBe('item_added');
    expect(got.error.code).toBe('invalid_response');
    const removed = next<{ id: string }>(socket, 'item_removed');
    fake.controls.emit('item_removed', { id: 'x', libraryId: 'y' });
    expect((await removed).id).toBe('x');
  });

  it('times out with a timeout error when ABS is unreachable', async () => {
    const { freePort } = await import('../../helpers/qbittorrent-nox.js');
    const port = await freePort();
    const socket = new AbsSocketClient({ baseUrl: `http://127.0.0.1:${port}`, logger: log.logger, token: 'irrelevant', reconnect: { initialDelayMs: 20, maxDelayMs: 50 }, connectTimeoutMs: 300 });
    sockets.push(socket);
    const err = await socket.connect().catch((e: unknown) => e);
    expect((err as IntegrationError).code).toBe('timeout');
    expect(socket.isAuthenticated).toBe(false);
  });

  it('never logs a token', () => {
    expect(log.text()).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}\.eyJ/);
    expect(log.text()).not.toContain(fake.controls.apiKey);
  });
});
