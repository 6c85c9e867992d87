export * from './library.js';
export * from './acquisition.js';
export * from './operations.js';
