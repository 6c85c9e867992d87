import { describe, expect, it } from 'vitest';
import { describeConnectionError, isConnectionError } from '../../../src/core/status/connection-error.js';
import { createOutageLog } from '../../../src/core/status/outage-log.js';
import { captureLogs } from '../../helpers/log-capture.js';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', address: '127.0.0.1', port: 5432 });

describe('outage log', () => {
  it('logs an outage once at its start, a reminder per interval while it lasts, and once at its end', () => {
    let now = new Date('2026-12-04T12:00:00Z');
    const logs = captureLogs('info');
    const outage = createOutageLog({ what: 'job store', log: logs.logger, clock: { now: () => now }, remindEveryMs: 60_000 });
    // 20 failures a second for 150 s, as a dropped database made the job store's reconnect loop report them.
    for (let i = 0; i < 3_000; i++) {
      outage.failed(refused());
      now = new Date(now.getTime() + 50);
    }
    outage.recovered();
    outage.recovered();
    expect(logs.records().map((r) => r.msg)).toEqual([
      'job store unreachable: connection refused at 127.0.0.1:5432',
      'job store still unreachable: connection refused at 127.0.0.1:5432',
      'job store still unreachable: connection refused at 127.0.0.1:5432',
      'job store reachable again after 150 s',
    ]);
    expect(logs.records()[3]).toMatchObject({ failures: 3_000 });
    expect(outage.down).toBe(false);
  });
});

describe('connection errors', () => {
  it('name the cause inside drizzle and AggregateError wrappers, without the statement', () => {
    const drizzle = Object.assign(new Error('Failed query: SELECT 1\nparams: '), { query: 'SELECT 1', params: [], cause: refused() });
    expect(describeConnectionError(drizzle)).toBe('connection refused at 127.0.0.1:5432');
    expect(isConnectionError(drizzle)).toBe(true);
    const both = Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED', address: '::1', port: 5432 }), refused()]), { code: 'ECONNREFUSED' });
    expect(describeConnectionError(both)).toBe('connection refused at 127.0.0.1:5432');
    expect(isConnectionError(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }))).toBe(true);
    expect(isConnectionError(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isConnectionError(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });
});
