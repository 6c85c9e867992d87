import pino from 'pino';
import { startBot } from '../src/bot/bot.js';
import type { StatusReport } from '../src/core/status/status-report.js';
import { FakeDiscord, waitFor } from '../test/fakes/discord/index.js';
import { percentile } from './support/percentile.js';
import type { BenchRow } from './types.js';

const CONCURRENT = 50;
const ROUNDS = 4;

const report = (): StatusReport => ({
  database: { name: 'database', state: 'healthy' },
  jobStore: { name: 'job store', state: 'healthy' },
  integrations: [{ name: 'audiobookshelf', state: 'healthy' }],
  jobs: [{ name: 'library-sync', nextRunAt: new Date(Date.now() + 60_000) }],
  generatedAt: new Date(),
});

/**
 * 50 slash commands dispatched at once to the real discord.js bot through the fake gateway; the figure is the time
 * from dispatch to the first interaction callback (Discord's 3 s window), over several rounds after a warm-up.
 */
export async function run(): Promise<BenchRow[]> {
  const fake = await FakeDiscord.start();
  const { world } = fake;
  const bot = await startBot({
    options: {
      token: world.token,
      applicationId: world.applicationId,
      guildId: world.guildId,
      notifyChannelId: world.channelId,
      roles: { requester: world.roles.requester.id },
      apiBaseUrl: fake.apiBaseUrl,
    },
    logger: pino({ level: 'silent' }),
    commands: { status: async () => report() },
  });
  const latencies: number[] = [];
  try {
    for (let round = 0; round <= ROUNDS; round++) {
      const batch = Array.from({ length: CONCURRENT }, () => fake.dispatchCommand({ name: 'status', user: world.users.bob }));
      const firsts = await Promise.all(batch.map((i) => fake.firstCallback(i.id, 10_000)));
      // Let the edits finish so rounds do not overlap (discord.js paces edits at 50 requests/s).
      await waitFor(() => (batch.every((i) => ((fake.originalMessage(i.id)?.flags as number) & 128) === 0) ? true : undefined), 30_000);
      if (round > 0) latencies.push(...firsts.map((f) => f.latencyMs)); // round 0 warms up
    }
  } finally {
    await bot.stop();
    await fake.close();
  }
  latencies.sort((a, b) => a - b);
  const p99 = percentile(latencies, 99);
  return [
    { name: `discord: ${CONCURRENT} concurrent commands, p50 dispatch→first callback`, value: percentile(latencies, 50), unit: 'ms' },
    { name: `discord: ${CONCURRENT} concurrent commands, p99 dispatch→first callback`, value: p99, unit: 'ms', target: '<= 250', pass: p99 <= 250 },
    { name: `discord: ${CONCURRENT} concurrent commands, max dispatch→first callback`, value: latencies.at(-1) ?? NaN, unit: 'ms' },
  ];
}
