export { startProwlarrFake, type ProwlarrFake, type ProwlarrFakeControls, type ProwlarrFakeOptions } from './prowlarr.fake.js';
export { makeRelease, type FakeIndexer, type FakeRelease } from './prowlarr.model.js';
