import type { StatusProvider, StatusReport } from '../../../src/core/status/status-report.js';
import { type BotDeps, type RunningBot, startBot } from '../../../src/bot/bot.js';
import { FakeDiscord, type FakeDiscordOptions } from '../../fakes/discord/index.js';
import { captureLogs, type LogCapture } from '../../helpers/log-capture.js';

export function healthyReport(): StatusReport {
  const now = new Date();
  return {
    database: { name: 'database', state: 'healthy', detail: 'PostgreSQL 18' },
    jobStore: { name: 'job store', state: 'healthy' },
    integrations: [
      { name: 'audiobookshelf', state: 'healthy', detail: '2.36.0' },
      { name: 'prowlarr', state: 'healthy' },
      { name: 'hardcover', state: 'disabled', reason: 'HARDCOVER_TOKEN not set' },
    ],
    jobs: [
      {
        name: 'library-sync',
        nextRunAt: new Date(now.getTime() + 600_000),
        lastRun: { status: 'succeeded', startedAt: new Date(now.getTime() - 60_000), finishedAt: new Date(now.getTime() - 55_000) },
      },
    ],
    generatedAt: now,
  };
}

export interface BotHarness {
  fake: FakeDiscord;
  bot: RunningBot;
  logs: LogCapture;
  close(): Promise<void>;
}

/** Starts the fake Discord and the real bot against it, with the fake's guild, channel and roles configured. */
export async function startHarness(input: {
  fake?: FakeDiscord;
  fakeOptions?: FakeDiscordOptions;
  status?: StatusProvider;
  extra?: Partial<Omit<BotDeps, 'options' | 'logger' | 'commands'>>;
}): Promise<BotHarness> {
  const fake = input.fake ?? (await FakeDiscord.start(input.fakeOptions));
  const logs = captureLogs();
  const { world } = fake;
  const bot = await startBot({
    options: {
      token: world.token,
      applicationId: world.applicationId,
      guildId: world.guildId,
      notifyChannelId: world.channelId,
      roles: { requester: world.roles.requester.id, approver: world.roles.approver.id, admin: world.roles.admin.id },
      apiBaseUrl: fake.apiBaseUrl,
    },
    logger: logs.logger,
    commands: { status: input.status ?? (async () => healthyReport()) },
    ...input.extra,
  });
  return {
    fake,
    bot,
    logs,
    async close() {
      await bot.stop();
      if (!input.fake) await fake.close();
    },
  };
}
