import { startAbsFake } from '../../fakes/abs/index.js';
import { absClientSuite } from './abs.suite.js';

absClientSuite('the ABS fake', async () => {
  const fake = await startAbsFake({ scanDelayMs: 20, watcherDelayMs: 20 });
  const { controls } = fake;
  const lib = controls.library;
  return {
    url: fake.url,
    username: controls.username,
    password: controls.password,
    apiKey: controls.apiKey,
    libraryId: lib.id,
    libraryFolder: lib.fullPath,
    userToken: async () => controls.issueAccessToken(),
    stageBooks: async (books) => books.map((b) => controls.stageBook(b).path),
    async scan() {
      const before = lib.lastScan;
      controls.scanner.requestLibraryScan(lib);
      const deadline = Date.now() + 5_000;
      while (lib.lastScan === before) {
        if (Date.now() > deadline) throw new Error('fake scan did not finish');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    deleteItem: async (id) => controls.removeItem(id),
    watcherTimeoutMs: 3_000,
    stop: fake.close,
  };
});
