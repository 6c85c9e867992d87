import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { buildConfig, collectSecretValues, type AppConfig } from './config.js';
import { envSchema, SECRET_KEYS } from './env-schema.js';

/** Start-up refused: every bad key, one per line, never a secret's value. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the environment, plus an optional .env file (real environment variables win), validates it all at once and
 * returns the nested config. Throws ConfigError listing every invalid key.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env, opts: { envFile?: string | false } = {}): AppConfig {
  const merged: Record<string, string | undefined> = {};
  const envFile = opts.envFile ?? path.resolve('.env');
  if (envFile && existsSync(envFile)) Object.assign(merged, dotenv.parse(readFileSync(envFile)));
  for (const [key, value] of Object.entries(source)) if (value !== undefined) merged[key] = value;

  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    const secrets = collectSecretValues(merged, SECRET_KEYS);
    const problems = parsed.error.issues.map((issue) => {
      const key = issue.path.join('.') || '(environment)';
      let message = issue.message;
      for (const s of secrets) message = message.split(s).join('***');
      return `${key}: ${message}`;
    });
    throw new ConfigError([...new Set(problems)].sort());
  }
  return buildConfig(parsed.data, collectSecretValues(parsed.data, SECRET_KEYS));
}

/** The effective config for `cli config check`: secrets shown as *** (or "(not set)"). */
export function describeConfig(config: AppConfig): Record<string, unknown> {
  const mask = (value: unknown): unknown => {
    if (value === undefined) return '(not set)';
    if (typeof value === 'string') {
      let masked = value;
      for (const s of config.secretValues) if (masked.includes(s)) masked = masked.split(s).join('***');
      return masked;
    }
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    return value;
  };
  const { secretValues: _omit, ...rest } = config;
  return mask(rest) as Record<string, unknown>;
}
