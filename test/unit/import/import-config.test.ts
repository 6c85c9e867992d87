import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';
import { DEFAULT_PATH_TEMPLATE } from '../../../src/core/import/path-template.js';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: false });

describe('import settings', () => {
  it('default to the ABS-readable template and hardlinks', () => {
    expect(load({}).import).toEqual({ pathTemplate: DEFAULT_PATH_TEMPLATE, mode: 'hardlink' });
    expect(load({ IMPORT_PATH_TEMPLATE: '', IMPORT_MODE: '' }).import.mode).toBe('hardlink');
  });

  it('take a custom template and mode', () => {
    expect(load({ IMPORT_PATH_TEMPLATE: '{author}/{title}', IMPORT_MODE: 'copy' }).import).toEqual({ pathTemplate: '{author}/{title}', mode: 'copy' });
  });

  it('refuse a broken template or an unknown mode, naming the problem', () => {
    expect(() => load({ IMPORT_PATH_TEMPLATE: '{author}/{titel}' })).toThrow(ConfigError);
    expect(() => load({ IMPORT_PATH_TEMPLATE: '{author}/{titel}' })).toThrow(/unknown placeholder \{titel\}/);
    expect(() => load({ IMPORT_MODE: 'symlink' })).toThrow(/IMPORT_MODE/);
  });
});
