import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../../src/core/clock.js';
import { createHealthMonitor, type HealthMonitor, type HealthProbe } from '../../../src/core/status/health-monitor.js';
import { captureLogs } from '../../helpers/log-capture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('health monitor', () => {
  let monitor: HealthMonitor | undefined;
  afterEach(() => monitor?.stop());

  it('answers from memory: "enabled" before the first verdict, then the verdict, with the reason when unhealthy', async () => {
    let up = true;
    let calls = 0;
    const probe: HealthProbe = {
      name: 'qbittorrent',
      everyMs: 20,
      check: async () => {
        calls += 1;
        if (!up) throw new Error('connection refused');
        return { detail: 'v5.0.3' };
      },
    };
    const logs = captureLogs();
    monitor = createHealthMonitor({ probes: [probe], clock: systemClock, logger: logs.logger });
    expect(monitor.snapshot('qbittorrent')).toMatchObject({ state: 'enabled' });
    monitor.start();
    await monitor.checkAll();
    expect(monitor.snapshot('qbittorrent')).toMatchObject({ state: 'healthy', detail: 'v5.0.3', checkedAt: expect.any(Date) });
    up = false;
    await sleep(80);
    expect(monitor.snapshot('qbittorrent')).toMatchObject({ state: 'unhealthy', reason: 'connection refused' });
    // Reading the snapshot costs no check.
    const before = calls;
    for (let i = 0; i < 100; i += 1) monitor.snapshot('qbittorrent');
    expect(calls).toBe(before);
    // A change of state is logged once, not at every check.
    expect(logs.records().filter((r) => r.msg === 'unhealthy')).toHaveLength(1);
    expect(monitor.snapshot('unknown')).toBeUndefined();
  });

  it('a check that never answers is unhealthy after the deadline, and the next check still runs', async () => {
    let hang = true;
    const probe: HealthProbe = {
      name: 'prowlarr',
      everyMs: 10,
      check: (signal) =>
        hang ? new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))) : Promise.resolve({}),
    };
    monitor = createHealthMonitor({ probes: [probe], clock: systemClock, logger: captureLogs().logger, timeoutMs: 50 });
    monitor.start();
    await sleep(120);
    expect(monitor.snapshot('prowlarr')).toMatchObject({ state: 'unhealthy', reason: 'no answer within 0.05 s' });
    hang = false;
    await sleep(120);
    expect(monitor.snapshot('prowlarr')).toMatchObject({ state: 'healthy' });
  });

  it('a probe with a first delay is not checked at start (a restart loop spends no budget on checks)', async () => {
    let calls = 0;
    monitor = createHealthMonitor({
      probes: [{ name: 'googleBooks', everyMs: 60_000, firstAfterMs: 60_000, check: async () => ((calls += 1), {}) }],
      clock: systemClock,
      logger: captureLogs().logger,
    });
    monitor.start();
    await sleep(50);
    expect(calls).toBe(0);
    expect(monitor.snapshot('googleBooks')).toMatchObject({ state: 'enabled', reason: 'not checked yet' });
  });
});
