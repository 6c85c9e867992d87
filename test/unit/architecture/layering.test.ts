import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The dependency rule, checked on the source: core is the domain and its ports, importing nothing but itself, zod,
 * node built-ins and small pure libraries; db and integrations implement core's ports and import neither each other
 * (db never integrations) nor the front ends; bot, jobs and webhooks receive their dependencies through ports, so they
 * import neither db nor integrations. Only src/app (the composition root) and src/cli wire everything together.
 */
const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src');

/** Bare packages core may use: pure, no I/O of their own. */
const CORE_PACKAGES = new Set(['zod', 'bencode']);

const FORBIDDEN: Record<string, readonly string[]> = {
  core: ['db', 'integrations', 'bot', 'jobs', 'webhooks', 'app', 'cli', 'config', 'util', 'logger.ts'],
  db: ['integrations', 'bot', 'jobs', 'webhooks', 'app', 'cli'],
  integrations: ['db', 'bot', 'jobs', 'webhooks', 'app', 'cli'],
  jobs: ['db', 'integrations', 'bot', 'webhooks', 'app', 'cli'],
  bot: ['db', 'integrations', 'jobs', 'webhooks', 'app', 'cli'],
  webhooks: ['db', 'integrations', 'bot', 'jobs', 'app', 'cli'],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module specifier of a file: static imports and re-exports (type-only ones too) and dynamic import()s. */
export function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+['"]([^'"]+)['"]/gms)) out.push(m[1]!);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]!);
  return out;
}

/** The top-level part of src a resolved path lies in ('core', 'db', …, or a top-level file such as 'logger.ts'). */
const layerOf = (file: string) => path.relative(SRC, file).split(path.sep)[0]!;

function violations(): string[] {
  const found: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = layerOf(file);
    const forbidden = FORBIDDEN[layer];
    if (!forbidden) continue;
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const where = path.relative(SRC, file);
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(SRC)) {
          found.push(`${where} imports ${spec} (outside src)`);
          continue;
        }
        const targetLayer = layerOf(target.replace(/\.js$/, '.ts'));
        if (forbidden.includes(targetLayer)) found.push(`${where} imports ${spec} (${layer} → ${targetLayer})`);
      } else if (layer === 'core' && !spec.startsWith('node:') && !CORE_PACKAGES.has(spec)) {
        found.push(`${where} imports the package ${spec} (core allows node:*, ${[...CORE_PACKAGES].join(', ')})`);
      }
    }
  }
  return found;
}

describe('layering', () => {
  it('reads static, re-exported, type-only and dynamic imports (so the rule below cannot pass by not seeing them)', () => {
    const text = [
      "import { a } from '../db/x.js';",
      "import type {\n  B,\n  C,\n} from 'pino';",
      "export { d } from './d.js';",
      "export type { E } from '../integrations/e.js';",
      "import 'side-effect';",
      "const m = await import('../bot/m.js');",
    ].join('\n');
    expect(specifiers(text)).toEqual(['../db/x.js', 'pino', './d.js', '../integrations/e.js', 'side-effect', '../bot/m.js']);
  });

  it('core imports only core, zod, node built-ins and small pure packages; db, integrations and the front ends keep to their side', () => {
    expect(violations()).toEqual([]);
  });
});
