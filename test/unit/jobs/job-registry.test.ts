import pino from 'pino';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { JobDefinition } from '../../../src/jobs/job-definition.js';
import { createJobRegistry, JobRegistryError } from '../../../src/jobs/job-registry.js';

const job = (name: string): JobDefinition<Record<string, never>> => ({
  name,
  description: name,
  data: z.object({}),
  run: async () => ({}),
});

describe('job registry', () => {
  it('given one handler per catalogued job, then it starts and finds each', () => {
    const registry = createJobRegistry([job('cleanup'), job('library-sync')], ['cleanup', 'library-sync']);
    expect(registry.all().map((d) => d.name)).toEqual(['cleanup', 'library-sync']);
    expect(registry.get('cleanup')?.name).toBe('cleanup');
  });

  it('given a job with no handler, one with two, and an unknown one, then it refuses naming all three', () => {
    expect(() => createJobRegistry([job('cleanup'), job('cleanup'), job('stray')], ['cleanup', 'library-sync'])).toThrow(JobRegistryError);
    try {
      createJobRegistry([job('cleanup'), job('cleanup'), job('stray')], ['cleanup', 'library-sync']);
    } catch (error) {
      expect((error as JobRegistryError).problems).toEqual([
        'job "cleanup" has 2 handlers',
        'job "library-sync" has no handler',
        'job "stray" is not in the job catalogue',
      ]);
    }
  });

  it('the service as built has exactly one handler for every catalogued job', async () => {
    const { JOB_NAMES } = await import('../../../src/jobs/job-catalogue.js');
    const { buildJobRegistry } = await import('../../../src/app/job-definitions.js');
    const { loadConfig } = await import('../../../src/config/load-config.js');
    const { buildServices } = await import('../../../src/app/services.js');
    const registry = buildJobRegistry(buildServices({ config: loadConfig({}, { envFile: false }), db: {} as never, logger: pino({ level: 'silent' }) }));
    expect(registry.all().map((d) => d.name).sort()).toEqual([...JOB_NAMES].sort());
  });
});
