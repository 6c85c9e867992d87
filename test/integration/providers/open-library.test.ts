import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenLibraryClient } from '../../../src/integrations/providers/open-library/open-library.client.js';
import { startOpenLibraryFake, type OpenLibraryFake } from '../../fakes/providers/open-library.fake.js';
import { FakeClock } from '../../unit/http/fake-clock.js';
import { captureLogs } from '../../helpers/log-capture.js';
import { FAULT_CASES, SHORT_429, expectFault } from './fault-modes.js';

let fake: OpenLibraryFake;
beforeAll(async () => {
  fake = await startOpenLibraryFake([
    {
      workId: 'OL21745884W',
      title: 'Project Hail Mary',
      authors: [{ key: 'OL7234434A', name: 'Andy Weir' }],
      firstPublishYear: 2021,
      coverId: 11200092,
      editions: [{ editionId: 'OL32316440M', isbn13: '9780593135204', isbn10: '0593135202', publisher: 'Ballantine Books' }],
      description: { type: '/type/text', value: 'Ryland Grace is the sole survivor.' },
      subjects: ['Science fiction'],
    },
    {
      workId: 'OL17091839W',
      title: 'The Martian',
      authors: [{ key: 'OL7234434A', name: 'Andy Weir' }],
      editions: [{ editionId: 'OL1M', isbn13: '9780553418026' }],
      description: 'A plain string description.',
    },
  ]);
});
afterAll(() => fake.close());

const client = () => {
  const clock = new FakeClock();
  return { client: new OpenLibraryClient({ baseUrl: fake.url, logger: captureLogs().logger, clock, timeoutMs: 300, retry: { baseDelayMs: 10 } }), clock };
};

describe('Open Library client against its fake', () => {
  it('searches works with explicit fields and maps them', async () => {
    const [book] = await client().client.search({ title: 'hail mary', author: 'weir' });
    expect(book).toMatchObject({ provider: 'open-library', providerId: 'OL21745884W', authors: ['Andy Weir'], isbn: '9780593135204', publishedYear: 2021, coverUrl: 'https://covers.openlibrary.org/b/id/11200092-L.jpg', language: 'en' });
    expect(fake.requests.at(-1)?.query.fields).toContain('author_name');
  });

  it('looks up an ISBN with the work description in either shape; unknown ISBN is null', async () => {
    const c = client().client;
    expect(await c.getByIsbn('0593135202')).toMatchObject({ title: 'Project Hail Mary', description: 'Ryland Grace is the sole survivor.', isbn: '0593135202', genres: ['Science fiction'] });
    expect((await c.getByIsbn('9780553418026'))?.description).toBe('A plain string description.');
    expect(await c.getByIsbn('9780000000002')).toBeNull();
  });

  it('lists an author’s works', async () => {
    expect((await client().client.getAuthorBooks('andy weir')).map((b) => b.title).sort()).toEqual(['Project Hail Mary', 'The Martian']);
  });

  it('waits out a short 429 and succeeds', async () => {
    const { client: c, clock } = client();
    fake.faults.set(SHORT_429);
    expect(await c.search({ title: 'martian' })).toHaveLength(1);
    expect(clock.sleeps).toContain(2_000);
  });

  it('an HTML 503 page is a server_error, not a parse crash', async () => {
    await expectFault(fake, { mode: 'server_error' }, 'server_error', () => client().client.search({ title: 'martian' }));
  });

  for (const f of FAULT_CASES) {
    it(`fault: ${f.name} → ${f.expect}`, async () => {
      await expectFault(fake, f.fault, f.expect, () => client().client.search({ title: 'hail mary' }));
    });
  }
});
