import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load-config.js';

const load = (env: Record<string, string>) => loadConfig(env, { envFile: false });

describe('TRUST_PROXY', () => {
  it('is off unless set', () => {
    expect(load({}).http.trustProxy).toBe(false);
    expect(load({ TRUST_PROXY: '' }).http.trustProxy).toBe(false);
  });

  it.each([
    ['true', true],
    ['false', false],
    ['1', 1],
    ['2', 2],
    ['loopback', ['loopback']],
    ['Loopback, 10.0.0.0/8, fd00::/8, 192.168.1.2', ['loopback', '10.0.0.0/8', 'fd00::/8', '192.168.1.2']],
    ['linklocal,uniquelocal', ['linklocal', 'uniquelocal']],
  ])('reads %j as express reads its trust-proxy value', (value, expected) => {
    expect(load({ TRUST_PROXY: value }).http.trustProxy).toEqual(expected);
  });

  it.each(['10.0.0.0/33', 'proxy.example', 'loopback,nonsense', ',', '1.2.3.4/8/1'])('refuses %j, naming the setting', (value) => {
    expect(() => load({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => load({ TRUST_PROXY: value })).toThrow(/TRUST_PROXY/);
  });
});
