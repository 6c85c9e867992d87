import type { JobDefinition } from './job-definition.js';

export class JobRegistryError extends Error {
  constructor(readonly problems: string[]) {
    super(`Job registry is inconsistent: ${problems.join('; ')}`);
    this.name = 'JobRegistryError';
  }
}

export interface JobRegistry {
  all(): ReadonlyArray<JobDefinition<any>>;
  get(name: string): JobDefinition<any> | undefined;
}

/** Checks that each catalogued job name has exactly one handler and no handler is unknown; throws listing every problem. */
export function createJobRegistry(definitions: ReadonlyArray<JobDefinition<any>>, catalogue: ReadonlyArray<string>): JobRegistry {
  const byName = new Map<string, JobDefinition<any>[]>();
  for (const definition of definitions) byName.set(definition.name, [...(byName.get(definition.name) ?? []), definition]);
  const problems: string[] = [];
  for (const name of catalogue) {
    const count = byName.get(name)?.length ?? 0;
    if (count === 0) problems.push(`job "${name}" has no handler`);
    if (count > 1) problems.push(`job "${name}" has ${count} handlers`);
  }
  for (const name of byName.keys()) if (!catalogue.includes(name)) problems.push(`job "${name}" is not in the job catalogue`);
  if (problems.length > 0) throw new JobRegistryError(problems);
  const map = new Map([...byName].map(([name, defs]) => [name, defs[0]!]));
  return { all: () => [...map.values()], get: (name) => map.get(name) };
}
