import { startAbsFake } from '../../fakes/abs/index.js';
import { liveMirrorSuite } from './live-mirror.suite.js';

/** ABS's access tokens last 3 s here (1 h in ABS), so each credential's run outlives several of them. */
const TTL_MS = 3_000;

liveMirrorSuite('the ABS fake', async () => {
  const fake = await startAbsFake({ scanDelayMs: 20, watcherDelayMs: 20, accessTokenTtlMs: TTL_MS });
  const { controls } = fake;
  const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${fake.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${controls.apiKey}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`fake ABS ${method} ${path}: ${res.status} ${text}`);
    return (res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  };
  return {
    url: fake.url,
    username: controls.username,
    password: controls.password,
    apiKey: controls.apiKey,
    libraryId: controls.library.id,
    accessTokenTtlMs: TTL_MS,
    legacyToken: async () => (await api<{ user: { token: string } }>('POST', '/login', { username: controls.username, password: controls.password })).user.token,
    addBooks: async (seeds) => void seeds.forEach((seed) => controls.stageBook(seed)),
    async scan() {
      const before = controls.library.lastScan;
      controls.scanner.requestLibraryScan(controls.library);
      const deadline = Date.now() + 5_000;
      while (controls.library.lastScan === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    },
    moveFolderOut: async (_seed, itemId) => controls.vanish(itemId),
    moveFolderBack: async (_seed, itemId) => void controls.scanner.vanished.delete(itemId),
    renameFolder: async (_seed, itemId, newRelPath) => void controls.scanner.moved.set(itemId, newRelPath),
    api,
    stop: fake.close,
  };
});
