import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/load-config.js';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: false });

describe('configuration', () => {
  it('given no environment, then every setting has its documented default', () => {
    const config = load({});
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8788, trustProxy: false });
    expect(config.dataDir).toBe(path.resolve('./data'));
    expect(config.database.url).toBeUndefined();
    expect(config.qbittorrent.category).toBe('audiobooks');
    expect(config.workflows.top10).toEqual({ enabled: true, autoDownload: false, minSeeders: 50, maxPerGenre: 3 });
    expect(config.workflows.metadata).toEqual({ enabled: true, batchSize: 50, dryRun: false, newDays: 7 });
    expect(config.workflows.series).toEqual({ enabled: true, minBooks: 2, maxMissing: 10, autoDownload: false });
    expect(config.workflows.author).toEqual({ enabled: true, topCount: 50, minBooks: 3, maxMissing: 20, autoDownload: false });
    expect(config.retention).toEqual({ taskRunDays: 90, taskRunMinKeep: 1000, failedAttemptDays: 180 });
    expect(config.discord.apiBaseUrl).toBe('https://discord.com/api');
  });

  it('given several invalid values, then one error lists every bad key, sorted', () => {
    let error: unknown;
    try {
      load({ HTTP_PORT: 'eighty', TOP10_MIN_SEEDERS: '-1', ENABLE_TOP10_DISCOVERY: 'maybe', ABS_BASE_URL: 'ftp://abs', DISCORD_GUILD_ID: '42' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => p.split(':')[0])).toEqual(['ABS_BASE_URL', 'DISCORD_GUILD_ID', 'ENABLE_TOP10_DISCOVERY', 'HTTP_PORT', 'TOP10_MIN_SEEDERS']);
    expect((error as Error).message).toContain('5 problems');
  });

  it('given an invalid secret, then the error names the key but never prints its value', () => {
    const secrets = { WEBHOOK_SECRET: 'tooShortSecret', API_KEY: 'k3y!k3y', DATABASE_URL: 'mysql://root:hunter2pass@db/x' };
    expect(() => load(secrets)).toThrow(ConfigError);
    try {
      load(secrets);
    } catch (error) {
      const text = `${(error as Error).message} ${JSON.stringify(error)}`;
      expect(text).toContain('WEBHOOK_SECRET');
      expect(text).toContain('API_KEY');
      expect(text).toContain('DATABASE_URL');
      for (const value of [...Object.values(secrets), 'hunter2pass']) expect(text).not.toContain(value);
    }
  });

  it('given a missing integration setting, then that integration is disabled with the reason, and the rest start', () => {
    const config = load({ ABS_BASE_URL: 'http://abs:13378', PROWLARR_URL: 'http://prowlarr:9696', PROWLARR_API_KEY: 'abcdefabcdef' });
    const byName = Object.fromEntries(config.integrations.map((i) => [i.name, i]));
    expect(byName.audiobookshelf).toEqual({ name: 'audiobookshelf', enabled: false, reason: 'ABS_API_TOKEN (or ABS_USERNAME and ABS_PASSWORD) not set' });
    expect(byName.prowlarr).toEqual({ name: 'prowlarr', enabled: true });
    expect(byName.discord?.reason).toBe('DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_GUILD_ID not set');
    expect(byName.openLibrary?.enabled).toBe(true);
  });

  it('given Audiobookshelf with a user, then a token is optional, half a user disables it, and the password is a secret', () => {
    const abs = (env: Record<string, string>) => load({ ABS_BASE_URL: 'http://abs:13378', ...env }).integrations.find((i) => i.name === 'audiobookshelf');
    expect(abs({ ABS_USERNAME: 'shelfkeeper', ABS_PASSWORD: 'pw-0123456789' })).toEqual({ name: 'audiobookshelf', enabled: true });
    expect(abs({ ABS_API_TOKEN: 'key-0123456789', ABS_USERNAME: 'shelfkeeper' })).toEqual({ name: 'audiobookshelf', enabled: false, reason: 'ABS_PASSWORD not set (ABS_USERNAME and ABS_PASSWORD go together)' });
    const config = load({ ABS_BASE_URL: 'http://abs:13378', ABS_USERNAME: 'shelfkeeper', ABS_PASSWORD: 'pw-0123456789' });
    expect(config.abs).toMatchObject({ username: 'shelfkeeper', password: 'pw-0123456789' });
    expect(config.secretValues).toContain('pw-0123456789');
  });

  it('given an .env file, then its values apply and real environment variables win', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'sk-env-'));
    const file = path.join(dir, '.env');
    await writeFile(file, 'HTTP_PORT=9001\nLOG_LEVEL=debug\nTOP10_MAX_PER_GENRE=5\nEMPTY_IS_UNSET=\nABS_API_TOKEN=\n');
    const config = loadConfig({ LOG_LEVEL: 'warn' }, { envFile: file });
    expect(config.http.port).toBe(9001);
    expect(config.log.level).toBe('warn');
    expect(config.workflows.top10.maxPerGenre).toBe(5);
    expect(config.abs.apiToken).toBeUndefined();
  });

  it('given secrets, then the effective config shows them masked, and the password inside a database URL too', () => {
    const config = load({
      DISCORD_TOKEN: 'discord-token-value',
      DATABASE_URL: 'postgres://app:p4ssw0rd-secret@db:5432/shelfkeeper',
      MAM_ID: 'mam-session-cookie-value',
    });
    const text = JSON.stringify(describeConfig(config));
    for (const value of ['discord-token-value', 'p4ssw0rd-secret', 'mam-session-cookie-value']) expect(text).not.toContain(value);
    expect(text).toContain('"token":"***"');
    expect(config.secretValues).toContain('p4ssw0rd-secret');
  });
});
