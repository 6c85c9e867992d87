export { FakeDiscord, waitFor, type FakeDiscordOptions, type OptionValue } from './fake-discord.js';
export type { FakeUser, FakeWorld } from './world.js';
export type { RecordedCall, InteractionRecord } from './state.js';
