import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRegistry } from '../../../src/app/job-definitions.js';
import { buildServices } from '../../../src/app/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { books, webhookEvents } from '../../../src/db/schema/index.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';

const logger = pino({ level: 'silent' });
const clock = { now: () => new Date() };

/** The service as wired: ABS changes reach the mirror through the inbox, whichever way they were noticed. */
describe('Audiobookshelf changes into the library mirror, as wired in the service', () => {
  let t: TestDatabase;
  let abs: AbsFake;
  beforeEach(async () => {
    t = await createTestDatabase();
    abs = await startAbsFake({ books: 4, scanDelayMs: 10 });
  });
  afterEach(async () => {
    await abs.close();
    await t.close();
  });

  it('abs-poll stores the new items, the inbox job mirrors each of them; a removal event marks the book removed', async () => {
    const enqueued: string[] = [];
    const config = loadConfig({ ABS_BASE_URL: abs.url, ABS_API_TOKEN: abs.controls.apiKey }, { envFile: false });
    const registry = buildJobRegistry({ ...buildServices({ config, db: t.db, logger }), clock }, { enqueue: async (job) => void enqueued.push(job) });
    const run = (name: string, data: object = {}) => runJob(registry.get(name)!, data, { taskRuns: createTaskRunRepository(t.db), clock, logger });

    expect(await run('abs-poll')).toMatchObject({ created: 4 });
    expect(await run('inbox')).toMatchObject({ processed: 4 });
    const mirrored = await t.db.select({ absItemId: books.absItemId, title: books.title, removedAt: books.removedAt }).from(books);
    expect(mirrored).toHaveLength(4);
    expect((await t.db.select().from(webhookEvents)).every((e) => e.status === 'processed')).toBe(true);

    const gone = mirrored[0]!.absItemId!;
    const { createInboxRepository } = await import('../../../src/db/repositories/inbox.repository.js');
    const inbox = createInboxRepository(t.db);
    await inbox.receive({ source: 'audiobookshelf', deliveryKey: 'rm-1', eventType: 'item_removed', orderingKey: `abs-item:${gone}`, payload: { event: 'item_removed', libraryItemId: gone } });
    await inbox.receive({ source: 'audiobookshelf', deliveryKey: 'scan-1', eventType: 'scan_finished', orderingKey: null, payload: { event: 'scan_finished', libraryId: abs.controls.library.id } });
    await run('inbox');
    const removed = await t.db.select({ absItemId: books.absItemId, removedAt: books.removedAt }).from(books);
    expect(removed.find((b) => b.absItemId === gone)!.removedAt).toBeInstanceOf(Date);
    expect(enqueued).toEqual(['library-sync']);

    // The scheduled full sync agrees and, with nothing changed since, reports every book unchanged.
    const full = await run('library-sync');
    expect(full.details).toMatchObject({ libraries: 1 });
  });
});
