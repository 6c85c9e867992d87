import { startHttpFake, type FakeServer, type Fault, type FaultMode } from '../http-fake.js';
import { makeRelease, type FakeIndexer, type FakeRelease } from './prowlarr.model.js';
import { prowlarrRoutes, type ProwlarrState } from './prowlarr.routes.js';

export interface ProwlarrFakeOptions {
  apiKey?: string;
  /** Default: MyAnonamouse (id 7) and a public indexer (id 3). */
  indexers?: Array<Partial<FakeIndexer> & { id: number; name: string }>;
  releases?: Array<Parameters<typeof makeRelease>[0]>;
}

export interface ProwlarrFakeControls {
  state: ProwlarrState;
  apiKey: string;
  addRelease(release: Parameters<typeof makeRelease>[0]): FakeRelease;
  /** A failing indexer contributes nothing to searches (Prowlarr swallows it) and shows in indexerstatus. */
  setIndexerFailing(id: number, failing: boolean): void;
  /** Empties the 30-min grab cache, as if the last search were older than that. */
  expireGrabCache(): void;
  faults: FakeServer['faults'];
  setFault(fault: Fault | FaultMode): void;
  requests: FakeServer['requests'];
}

export interface ProwlarrFake {
  url: string;
  controls: ProwlarrFakeControls;
  close(): Promise<void>;
}

/** Prowlarr API v1 on 127.0.0.1:0 (contracts §4, §10). */
export async function startProwlarrFake(options: ProwlarrFakeOptions = {}): Promise<ProwlarrFake> {
  const apiKey = options.apiKey ?? 'prowlarr-fake-api-key-0123456789';
  const indexers = new Map<number, FakeIndexer>();
  for (const i of options.indexers ?? [{ id: 7, name: 'MyAnonamouse' }, { id: 3, name: 'Public Books', privacy: 'public' as const }]) {
    indexers.set(i.id, { enable: true, privacy: 'private', failing: false, ...i });
  }
  const state: ProwlarrState = {
    apiKey,
    baseUrl: '',
    indexers,
    releases: [],
    grabCache: new Map(),
    grabs: [],
    downloadClientConfigured: true,
    health: [],
  };
  const server = await startHttpFake((app) => prowlarrRoutes(app, state), {
    // Prowlarr answers 401 with no useful body.
    expiredSession: (res) => void res.status(401).end(),
    serverError: (res) => void res.status(500).json({ message: 'Internal Server Error', description: 'System.Exception' }),
  });
  state.baseUrl = server.url;
  const addRelease = (r: Parameters<typeof makeRelease>[0]) => {
    const release = makeRelease(r);
    state.releases.push(release);
    return release;
  };
  for (const r of options.releases ?? []) addRelease(r);

  return {
    url: server.url,
    controls: {
      state,
      apiKey,
      addRelease,
      setIndexerFailing(id, failing) {
        const indexer = indexers.get(id);
        if (!indexer) throw new Error(`no indexer ${id}`);
        indexer.failing = failing;
        state.health = [...indexers.values()]
          .filter((i) => i.failing)
          .map((i) => ({ source: 'IndexerStatusCheck', type: 'warning', message: `Indexers unavailable due to failures: ${i.name}` }));
      },
      expireGrabCache: () => state.grabCache.clear(),
      faults: server.faults,
      setFault: (fault) => server.faults.set(fault),
      requests: server.requests,
    },
    close: () => server.close(),
  };
}
