import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AbsClient, AbsSocketClient, type AbsBook, type AbsSocketOptions, type AbsTask } from '../../../src/integrations/abs/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

describe('AbsSocketClient against the ABS fake', () => {
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

  it('authenticates with a user token and receives watcher item_added and task_finished', async () => {
    const socket = await open(fake.controls.issueAccessToken());
    await socket.connect();
    expect(socket.isAuthenticated).toBe(true);
    const staged = fake.controls.stageBook({ title: 'Watched Arrival', authors: ['Wanda Watcher'], series: [{ name: 'Watch Saga', sequence: '2' }] });
    const added = next<AbsBook>(socket, 'item_added');
    const finished = next<AbsTask>(socket, 'task_finished');
    await rest.notifyFolderAdded(fake.controls.library.id, staged.path);
    const book = await added;
    expect(book).toMatchObject({ id: staged.id, title: 'Watched Arrival', authors: [{ name: 'Wanda Watcher' }], series: [{ name: 'Watch Saga', sequence: '2' }] });
    expect(await finished).toMatchObject({ action: 'watcher-scan', libraryId: fake.controls.library.id, scanResults: { added: 1 } });
  });

  it('is refused with an API key (the socket needs a user token)', async () => {
    const socket = await open(fake.controls.apiKey);
    const err = await socket.connect().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IntegrationError);
    expect((err as IntegrationError).code).toBe('auth');
    expect(fake.controls.socketAuthAttempts().at(-1)).toEqual({ ok: false });
  });

  it('receives items_added in chunks of ten from a library scan', async () => {
    const socket = await open(fake.controls.issueAccessToken());
    await socket.connect();
    for (let i = 0; i < 12; i += 1) fake.controls.stageBook({ title: `Scanned ${i}`, authors: ['Sam Scanner'] });
    const chunks: AbsBook[][] = [];
    socket.on('items_added', (items) => chunks.push(items));
    const finished = next<AbsTask>(socket, 'task_finished');
    await rest.scanLibrary(fake.controls.library.id);
    expect(await finished).toMatchObject({ action: 'library-scan', scanResults: { added: 12, updated: 0, missing: 0 } });
    expect(chunks.map((c) => c.length)).toEqual([10, 2]);
  });

  it('receives item_updated after a metadata change and item_removed after a deletion', async () => {
    const socket = await open(fake.controls.issueAccessToken());
    await socket.connect();
    const [book] = (await rest.listItems(fake.controls.library.id, { limit: 1 })).items;
    const updated = next<AbsBook>(socket, 'item_updated');
    await rest.updateMetadata(book!.id, { subtitle: 'Now with a subtitle' });
    expect((await updated).subtitle).toBe('Now with a subtitle');
    const removed = next<{ id: string; libraryId: string }>(socket, 'item_removed');
    fake.controls.removeItem(book!.id);
    expect(await removed).toEqual({ id: book!.id, libraryId: fake.controls.library.id });
  });

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

  it('reports a static token that expired as auth_failed and stops', async () => {
    const socket = await open(fake.controls.issueAccessToken());
    await socket.connect();
    fake.controls.expireAccessTokens();
    const failed = once(socket, 'auth_failed', { signal: AbortSignal.timeout(3_000) });
    fake.controls.dropSockets();
    const [err] = (await failed) as [IntegrationError];
    expect(err.code).toBe('auth');
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

  it('retries with backoff when the token cannot be fetched (login failing), then authenticates', async () => {
    let calls = 0;
    const socket = await open(async () => {
      calls += 1;
      if (calls === 1) throw new IntegrationError({ service: 'audiobookshelf', operation: 'login', code: 'server_error', message: 'down' });
      return fake.controls.issueAccessToken();
    });
    await socket.connect();
    expect(calls).toBe(2);
    expect(socket.isAuthenticated).toBe(true);
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
    expect(log.text()).not.toMatch(/access\.[A-Za-z0-9_-]{10,}/);
    expect(log.text()).not.toContain(fake.controls.apiKey);
  });
});
