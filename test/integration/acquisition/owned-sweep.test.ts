import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildJobRegistry } from '../../../src/app/job-definitions.js';
import { buildServices } from '../../../src/app/services.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { createWantedOperations } from '../../../src/core/acquisition/wanted-operations.js';
import { normalizeTitle } from '../../../src/core/matching/index.js';
import { createTaskRunRepository } from '../../../src/db/repositories/task-run.repository.js';
import { authors, bookAuthors, books, wantedBooks, wantedTransitions } from '../../../src/db/schema/index.js';
import { runJob } from '../../../src/jobs/run-job.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/db.js';
import { logger } from './acquisition-harness.js';

describe('owned sweep: a wanted book that shows up in the library by any route turns OWNED', () => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase();
  });
  afterEach(async () => t.close());

  /** A book as the library sync mirrors it: its title as ABS shows it (a folder name), the key the mirror stores. */
  async function mirrored(title: string, author: string) {
    const [a] = await t.db.insert(authors).values({ name: author, nameKey: author.toLowerCase() }).returning();
    const [b] = await t.db.insert(books).values({ title, titleKey: normalizeTitle(title) }).returning();
    await t.db.insert(bookAuthors).values({ bookId: b!.id, authorId: a!.id });
    return b!;
  }

  it('marks the waiting and working ones owned by the job, leaves decided and unrelated ones alone', async () => {
    const services = buildServices({ config: loadConfig({}, { envFile: false }), logger, db: t.db });
    const operations = createWantedOperations({ store: services.repositories.wanted, clock: services.clock });
    const want = async (title: string, extra: { series?: string; sequence?: string } = {}) => {
      const r = await operations.request({ title, authors: ['James S. A. Corey'], seriesName: extra.series ?? null, seriesSequence: extra.sequence ?? null }, 'user:1');
      if (!r.ok) throw new Error(r.message);
      return r.book;
    };
    const leviathan = await want('Leviathan Wakes', { series: 'The Expanse', sequence: '1' });
    const caliban = await want("Caliban's War", { series: 'The Expanse', sequence: '2' });
    const abaddon = await want("Abaddon's Gate", { series: 'The Expanse', sequence: '3' });
    expect((await operations.reject(caliban.id, 'user:2', 'not now')).ok).toBe(true);
    // Both arrive in the library outside the service (a friend's copy, another tool), named as folders often are.
    const owned = await mirrored('The Expanse 01 - Leviathan Wakes (Unabridged)', 'James S. A. Corey');
    await mirrored("Expanse 02 - Caliban's War", 'James S. A. Corey');

    const registry = buildJobRegistry(services);
    const outcome = await runJob(registry.get('owned-sweep')!, {}, { taskRuns: createTaskRunRepository(t.db), clock: services.clock, logger });
    expect(outcome).toMatchObject({ processed: 2, details: { owned: 1 } });

    const state = async (id: string) => (await t.db.select().from(wantedBooks).where(eq(wantedBooks.id, id)))[0]!;
    expect(await state(leviathan.id)).toMatchObject({ state: 'OWNED', ownedBookId: owned.id });
    expect((await state(caliban.id)).state).toBe('REJECTED'); // a decision outlives the library
    expect((await state(abaddon.id)).state).toBe('PENDING_APPROVAL');
    const moves = await t.db.select().from(wantedTransitions).where(eq(wantedTransitions.wantedBookId, leviathan.id));
    expect(moves.at(-1)).toMatchObject({ fromState: 'PENDING_APPROVAL', toState: 'OWNED', actor: 'job:owned-sweep' });
  });
});
