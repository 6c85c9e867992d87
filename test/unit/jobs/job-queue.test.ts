import { describe, expect, it } from 'vitest';
import { JOB_DATA, JOB_NAMES, isJobName } from '../../../src/jobs/job-catalogue.js';
import { createJobQueue } from '../../../src/jobs/job-queue.js';

describe('typed job queue', () => {
  const stored: Array<[string, unknown, unknown]> = [];
  const enqueue = createJobQueue({ enqueue: async (name, data, options) => void stored.push([name, data, options]) });

  it('given valid data, then it is stored with its dedupe key', async () => {
    await enqueue('library-sync', { libraryItemId: 'li-42' }, { dedupeKey: 'item:li-42' });
    expect(stored.at(-1)).toEqual(['library-sync', { libraryItemId: 'li-42' }, { dedupeKey: 'item:li-42' }]);
  });

  it('given data its job does not take, then it is refused before anything is stored, naming the field', async () => {
    const before = stored.length;
    await expect(enqueue('library-sync', { libraryItemId: '' })).rejects.toThrow(/library-sync: libraryItemId/);
    // @ts-expect-error -- the catalogue types each job's data: the inbox takes none
    await expect(enqueue('inbox', { extra: 1 })).rejects.toThrow(/Invalid data for job inbox/);
    expect(stored.length).toBe(before);
  });

  it('names every job of the catalogue, and nothing else', () => {
    expect(JOB_NAMES).toEqual(Object.keys(JOB_DATA));
    expect(isJobName('inbox')).toBe(true);
    expect(isJobName('toString')).toBe(false);
  });
});
