import { REST } from 'discord.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createNotifier } from '../../../src/bot/notifier.js';
import { createDatabase } from '../../../src/db/client.js';
import { renderSingle } from '../../../src/bot/notification-render.js';
import { NotificationRepository } from '../../../src/db/repositories/notification.repository.js';
import { notificationPayloadSchema } from '../../../src/core/notifications/outbox.port.js';
import { notifications } from '../../../src/db/schema/index.js';
import { FakeDiscord, waitFor } from '../../fakes/discord/index.js';
import { type TestDatabase, createTestDatabase } from '../../helpers/db.js';
import { type BotHarness, startHarness } from './harness.js';
import { captureLogs } from '../../helpers/log-capture.js';

type Embed = { title?: string; description?: string };
const FAST = { pollIntervalMs: 50, settleMs: 0, retryBaseMs: 100, retryMaxMs: 400 };
const CHANNEL_POST = /^\/channels\/\d+\/messages$/;

describe('notification delivery through the outbox (real Postgres, fake Discord)', () => {
  let tdb: TestDatabase;
  let repo: NotificationRepository;
  let fake: FakeDiscord;
  let h: BotHarness | undefined;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    repo = new NotificationRepository(tdb.db);
  });
  afterAll(async () => tdb.close());
  beforeEach(async () => {
    await tdb.db.delete(notifications);
    fake = await FakeDiscord.start();
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    await fake.close();
  });

  const start = (notifier: object = FAST) => startHarness({ fake, extra: { outbox: repo, notifier } });
  const titles = () => fake.channelMessages().map((m) => (m.embeds as Embed[])[0]?.title);
  const posts = () => fake.calls.filter((c) => c.method === 'POST' && CHANNEL_POST.test(c.path));

  it('delivers a notification queued while the bot was down, with its embed and buttons', async () => {
    await repo.enqueue({
      kind: 'book.missing',
      idempotencyKey: 'missing:dune',
      payload: {
        title: 'Dune is missing from the library',
        description: 'Frank Herbert · Dune Chronicles #1',
        buttons: [
          { label: 'Approve', customId: 'approve:dune', style: 'success' },
          { label: 'Hardcover', url: 'https://hardcover.app/books/dune' },
        ],
      },
    });
    h = await start();
    const [message] = await waitFor(() => (fake.channelMessages().length ? fake.channelMessages() : undefined));
    expect((message!.embeds as Embed[])[0]).toMatchObject({ title: 'Dune is missing from the library', description: 'Frank Herbert · Dune Chronicles #1' });
    expect(message!.components).toEqual([
      {
        type: 1,
        components: [
          { type: 2, style: 3, label: 'Approve', custom_id: 'approve:dune' },
          { type: 2, style: 5, label: 'Hardcover', url: 'https://hardcover.app/books/dune' },
        ],
      },
    ]);
    const stored = await waitFor(async () => {
      const row = await repo.findByIdempotencyKey('missing:dune');
      return row?.status === 'sent' ? row : undefined;
    });
    expect(stored).toMatchObject({ status: 'sent', discordMessageId: message!.id, attempts: 1 });
  });

  it('delivers exactly once although Discord answers 500 and then 429 first', async () => {
    fake.failNext({ method: 'POST', path: CHANNEL_POST, status: 500 });
    fake.failNext({ method: 'POST', path: CHANNEL_POST, status: 429, retryAfter: 0.2 });
    await repo.enqueue({ kind: 'download.completed', idempotencyKey: 'dl:42', payload: { title: 'Downloaded: Hyperion' } });
    h = await start();
    await waitFor(() => (fake.channelMessages().length ? true : undefined));
    await new Promise((r) => setTimeout(r, 300)); // room for a wrong second delivery to show up
    expect(titles()).toEqual(['Downloaded: Hyperion']);
    expect(posts().map((c) => c.status)).toEqual([500, 429, 200]);
    await waitFor(async () => ((await repo.findByIdempotencyKey('dl:42'))?.status === 'sent' ? true : undefined));
  });

  it('posts once when Discord created the message but answered 500 (the nonce de-duplicates the retry)', async () => {
    fake.failNext({ method: 'POST', path: CHANNEL_POST, status: 500, afterHandling: true });
    await repo.enqueue({ kind: 'k', idempotencyKey: 'lost-answer', payload: { title: 'lost answer' } });
    h = await start();
    await waitFor(async () => ((await repo.findByIdempotencyKey('lost-answer'))?.status === 'sent' ? true : undefined));
    expect(titles()).toEqual(['lost answer']);
    expect(posts().map((c) => c.status)).toEqual([500, 200]);
  });

  it('posts once when a sender crashed after posting but before recording it', async () => {
    await repo.enqueue({ kind: 'k', idempotencyKey: 'crashed', payload: { title: 'crashed sender' } });
    // The crashed process: claims the row, posts it, dies before markSent. Its lease then runs out.
    const [row] = await repo.claim({ limit: 1, leaseMs: 300, settleMs: 0 });
    const item = { kind: row!.kind, payload: notificationPayloadSchema.parse(row!.payload), idempotencyKey: row!.idempotencyKey, createdAt: row!.createdAt };
    await new REST({ api: fake.apiBaseUrl }).setToken(fake.world.token).post(`/channels/${fake.world.channelId}/messages`, { body: renderSingle(item) });
    h = await start();
    await waitFor(async () => ((await repo.findByIdempotencyKey('crashed'))?.status === 'sent' ? true : undefined));
    expect(titles()).toEqual(['crashed sender']);
    expect(posts()).toHaveLength(2);
    expect(await repo.findByIdempotencyKey('crashed')).toMatchObject({ attempts: 2, discordMessageId: fake.channelMessages()[0]!.id });
  });

  it('retries with backoff when Discord keeps failing, then delivers once and in order', async () => {
    // discord.js retries a 5xx three times itself; six failures outlast one attempt of the notifier.
    fake.failNext({ method: 'POST', path: CHANNEL_POST, status: 503, times: 6 });
    await repo.enqueue({ kind: 'k', idempotencyKey: 'a', payload: { title: 'first' } });
    await repo.enqueue({ kind: 'k', idempotencyKey: 'b', payload: { title: 'second' } });
    h = await start();
    await waitFor(() => (fake.channelMessages().length === 2 ? true : undefined), 10_000);
    expect(titles()).toEqual(['first', 'second']);
    const first = await waitFor(async () => {
      const row = await repo.findByIdempotencyKey('a');
      return row?.status === 'sent' ? row : undefined;
    });
    expect(first).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
    expect(h.logs.records().some((l) => l.msg === 'notification delivery failed; will retry')).toBe(true);
  });

  it('sends a burst of one batch as a single digest, in order with the rest', async () => {
    await repo.enqueue({ kind: 'download.completed', idempotencyKey: 'before', payload: { title: 'Downloaded: Anathem' } });
    for (let n = 1; n <= 30; n++) {
      await repo.enqueue({
        kind: 'discovery',
        batchKey: 'discovery-run-7',
        idempotencyKey: `discovery:7:${n}`,
        payload: { title: `Book ${n}`, digestLine: `Book ${n} by Author ${n}`, digestTitle: '{count} new books discovered' },
      });
    }
    h = await start({ ...FAST, batchSize: 50 });
    await waitFor(() => (fake.channelMessages().length === 2 ? true : undefined));
    const [single, digest] = fake.channelMessages();
    expect((single!.embeds as Embed[])[0]!.title).toBe('Downloaded: Anathem');
    const embed = (digest!.embeds as Embed[])[0]!;
    expect(embed.title).toBe('30 new books discovered');
    expect(embed.description!.split('\n')).toHaveLength(30);
    expect(embed.description).toContain('• Book 30 by Author 30');
    await waitFor(async () => ((await repo.counts()).sent === 31 ? true : undefined));
    expect(await repo.counts()).toMatchObject({ sent: 31, pending: 0, sending: 0 });
  });

  it('fits an oversized notification, and fails corrupt or rejected ones without blocking the next', async () => {
    // 25 fields of 1000 characters: far over the 6000-character total, which the renderer must fit.
    const fields = Array.from({ length: 25 }, (_, i) => ({ name: `field ${i}`, value: 'x'.repeat(1000) }));
    await repo.enqueue({ kind: 'k', idempotencyKey: 'big', payload: { title: 'Huge', fields } });
    await tdb.db.insert(notifications).values({ kind: 'k', idempotencyKey: 'corrupt', payload: { nope: true } });
    // Two buttons with one custom_id: Discord answers 400 (50035); sending again cannot help.
    const twin = { label: 'Approve', customId: 'approve:1' };
    await repo.enqueue({ kind: 'k', idempotencyKey: 'rejected', payload: { title: 'twins', buttons: [twin, twin] } });
    await repo.enqueue({ kind: 'k', idempotencyKey: 'after', payload: { title: 'after' } });
    h = await start();
    await waitFor(() => (fake.channelMessages().length === 2 ? true : undefined));
    expect(titles()).toEqual(['Huge', 'after']);
    const huge = (fake.channelMessages()[0]!.embeds as { fields: unknown[] }[])[0]!;
    expect(huge.fields.length).toBeLessThan(25);
    expect(await repo.findByIdempotencyKey('corrupt')).toMatchObject({ status: 'failed' });
    expect(await repo.findByIdempotencyKey('rejected')).toMatchObject({ status: 'failed', attempts: 1, lastError: expect.stringContaining('50035') });
  });

  it('resumes after a gateway disconnect without losing or duplicating deliveries', async () => {
    h = await start();
    await repo.enqueue({ kind: 'k', idempotencyKey: 'r1', payload: { title: 'before the drop' } });
    h.bot.wakeNotifier();
    await waitFor(() => (fake.channelMessages().length === 1 ? true : undefined));
    const resumed = new Promise((resolve) => fake.gateway.once('resumed', resolve));
    // Discord is unreachable for a moment: the gateway drops and REST fails while notifications keep coming.
    fake.failNext({ method: 'POST', path: CHANNEL_POST, status: 503, times: 4 });
    fake.dropGateway();
    // An interaction created while the bot is away is replayed on RESUME and still answered in time.
    const missed = fake.dispatchCommand({ name: 'status', user: fake.world.users.bob });
    await repo.enqueue({ kind: 'k', idempotencyKey: 'r2', payload: { title: 'during the outage' } });
    h.bot.wakeNotifier();
    await resumed;
    await repo.enqueue({ kind: 'k', idempotencyKey: 'r3', payload: { title: 'after the resume' } });
    h.bot.wakeNotifier();
    await waitFor(() => (fake.channelMessages().length >= 3 ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(titles()).toEqual(['before the drop', 'during the outage', 'after the resume']);
    expect(fake.gateway.stats).toMatchObject({ identifies: 1, resumes: 1 });
    expect((await fake.firstCallback(missed.id)).latencyMs).toBeLessThan(3_000);
    // The bot still answers commands on the resumed session.
    const i = fake.dispatchCommand({ name: 'status', user: fake.world.users.bob });
    expect((await fake.firstCallback(i.id)).type).toBe(5);
  });

  it('two bot processes on one outbox never send a notification twice and keep the order', async () => {
    for (let n = 1; n <= 20; n++) await repo.enqueue({ kind: 'k', idempotencyKey: `p${n}`, payload: { title: `n${n}` } });
    const rest = new REST({ api: fake.apiBaseUrl }).setToken(fake.world.token);
    const send = async (body: object) => rest.post(`/channels/${fake.world.channelId}/messages`, { body }) as Promise<{ id: string }>;
    const { logger } = captureLogs();
    const otherDb = createDatabase(tdb.url, logger, { max: 2 });
    const other = new NotificationRepository(otherDb.db);
    const workers = [
      createNotifier({ outbox: repo, send, logger, options: { ...FAST, batchSize: 3 } }),
      createNotifier({ outbox: other, send, logger, options: { ...FAST, batchSize: 3 } }),
    ];
    workers.forEach((w) => w.start());
    try {
      await waitFor(() => (fake.channelMessages().length >= 20 ? true : undefined), 10_000);
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
      await otherDb.close();
    }
    expect(titles()).toEqual(Array.from({ length: 20 }, (_, i) => `n${i + 1}`));
  });
});
