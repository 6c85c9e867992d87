import { describe, expect, it } from 'vitest';
import { blocklistKey, blocklistKeySet, isBlocklisted, wantedDedupeKey } from '../../../src/core/acquisition/wanted-keys.js';
import { wantedNotice } from '../../../src/core/acquisition/wanted-notifications.js';
import { WANTED_STATES } from '../../../src/core/acquisition/states.js';
import { notificationPayloadSchema } from '../../../src/core/notifications/outbox.port.js';

describe('wanted dedupe key', () => {
  it('is the ASIN, else the ISBN-13, else first author + the matcher title key', () => {
    expect(wantedDedupeKey({ asin: ' b002v1a0we ', isbn: '9780441013593', authors: ['Frank Herbert'], title: 'Dune' })).toBe('asin:B002V1A0WE');
    expect(wantedDedupeKey({ asin: 'not-an-asin', isbn: '0-441-01359-7', authors: ['Frank Herbert'], title: 'Dune' })).toBe('isbn:9780441013593');
    expect(wantedDedupeKey({ authors: ['Sanderson, Brandon', 'Someone Else'], title: 'Way of Kings, The' })).toBe(
      wantedDedupeKey({ authors: ['Brandon Sanderson'], title: 'The Way of Kings' }),
    );
    expect(wantedDedupeKey({ authors: ['James S. A. Corey'], title: 'Leviathan Wakes' })).toBe('title:james s a corey|leviathan wakes');
    expect(wantedDedupeKey({ authors: [], title: 'Twenty Thousand Leagues Under the Sea' })).toBe(wantedDedupeKey({ authors: [], title: '20,000 Leagues Under the Sea' }));
    expect(wantedDedupeKey({ authors: ['A'], title: 'Dune' })).not.toBe(wantedDedupeKey({ authors: ['A'], title: 'Dune Messiah' }));
    expect(() => wantedDedupeKey({ authors: ['A'], title: '  ' })).toThrow(RangeError);
  });
});

describe('release blocklist keys', () => {
  it('keys by info hash (any case), else indexer + guid; finds a release by either', () => {
    expect(blocklistKey({ infoHash: 'ABCDEF', indexer: 'x', guid: 'g' })).toBe('hash:abcdef');
    expect(blocklistKey({ indexer: 'MyAnonamouse', guid: '123' })).toBe('guid:MyAnonamouse:123');
    expect(blocklistKey({ title: 'only a title' })).toBeNull();
    const keys = blocklistKeySet([{ infoHash: 'AAAA', indexer: 'p', guid: 'g1' }, { indexer: 'MyAnonamouse', guid: '123' }]);
    expect(isBlocklisted(keys, { infoHash: 'aaaa' })).toBe(true);
    expect(isBlocklisted(keys, { indexer: 'p', guid: 'g1', infoHash: 'bbbb' })).toBe(true);
    expect(isBlocklisted(keys, { indexer: 'MyAnonamouse', guid: '123', infoHash: 'cccc' })).toBe(true);
    expect(isBlocklisted(keys, { indexer: 'Other', guid: '123' })).toBe(false);
    expect(isBlocklisted(keys, { infoHash: 'dddd' })).toBe(false);
  });
});

describe('wanted notices', () => {
  const book = { id: '11111111-1111-4111-8111-111111111111', title: 'A'.repeat(600), authors: ['B'.repeat(5000)] };

  it('exist for the moves a user cares about, and always fit the outbox schema (long titles clipped)', () => {
    const kinds = WANTED_STATES.map((s) => [s, wantedNotice(book, s, { actor: 'user:1', reason: 'r'.repeat(3000), stage: 'download', dueAt: new Date(0), failures: 2 })?.kind ?? null]);
    expect(Object.fromEntries(kinds.filter(([, k]) => k))).toEqual({
      APPROVED: 'wanted-approved',
      REJECTED: 'wanted-rejected',
      GRABBED: 'wanted-grabbed',
      RETRY_WAIT: 'wanted-failed',
      FAILED: 'wanted-failed-permanently',
      DOWNLOADED: 'wanted-downloaded',
      OWNED: 'wanted-owned',
      CANCELLED: 'wanted-cancelled',
    });
    for (const s of WANTED_STATES) {
      const n = wantedNotice(book, s, { actor: 'user:1', reason: 'r'.repeat(3000), fields: [{ name: 'Release', value: 'x'.repeat(2000) }] });
      if (n) expect(notificationPayloadSchema.safeParse(n.payload).success, s).toBe(true);
    }
  });

  it('says the stage, the reason and the next try of a failure', () => {
    const n = wantedNotice({ ...book, title: 'Dune', authors: ['Frank Herbert'] }, 'RETRY_WAIT', { actor: 'job:download-monitor', reason: 'stalled 120 min with 0 seeds', stage: 'download', dueAt: new Date('2026-12-04T12:05:00Z'), failures: 1 });
    expect(n!.payload).toMatchObject({
      title: 'Failed, will retry: Dune',
      description: 'Frank Herbert',
      fields: [
        { name: 'Stage', value: 'download' },
        { name: 'Reason', value: 'stalled 120 min with 0 seeds' },
        { name: 'Next try', value: `<t:${Date.parse('2026-12-04T12:05:00Z') / 1000}:R>` },
        { name: 'Failures', value: '1' },
        { name: 'By', value: 'job:download-monitor' },
      ],
    });
  });
});
