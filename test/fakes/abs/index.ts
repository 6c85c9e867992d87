export { startAbsFake, type AbsFake, type AbsFakeControls, type AbsFakeOptions } from './abs.fake.js';
export { generateBooks } from './abs.seed.js';
export type { BookSeed, FakeItem } from './abs.model.js';
