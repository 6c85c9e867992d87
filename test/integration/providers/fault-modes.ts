import { expect } from 'vitest';
import { IntegrationError, type IntegrationErrorCode } from '../../../src/integrations/http/errors.js';
import type { FakeServer, Fault } from '../../fakes/http-fake.js';

/**
 * Every fault mode of the fakes against one client call, with the outcome a caller must see. A failure is always a
 * typed IntegrationError with a code that is not "not found" — never undefined, an empty list or a crash.
 */
export const FAULT_CASES: Array<{ name: string; fault: Fault; expect: IntegrationErrorCode | 'ok' }> = [
  { name: 'latency within the timeout', fault: { mode: 'latency', latencyMs: 60 }, expect: 'ok' },
  { name: '429 asking for more than the cap', fault: { mode: 'rate_limited', retryAfter: 3_600 }, expect: 'rate_limited' },
  { name: '500 on every attempt', fault: { mode: 'server_error' }, expect: 'server_error' },
  { name: 'no answer (timeout)', fault: { mode: 'timeout' }, expect: 'timeout' },
  { name: 'malformed JSON', fault: { mode: 'malformed_json' }, expect: 'invalid_response' },
  { name: 'drifted response shape', fault: { mode: 'drifted' }, expect: 'invalid_response' },
];

export async function expectFault(fake: FakeServer, fault: Fault, expected: IntegrationErrorCode | 'ok', call: () => Promise<unknown>): Promise<void> {
  fake.faults.set(fault);
  try {
    const outcome = await call().then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
    if (expected === 'ok') {
      expect('error' in outcome ? outcome.error : undefined).toBeUndefined();
      return;
    }
    expect('error' in outcome, `expected ${expected}, got a value`).toBe(true);
    const error = (outcome as { error: unknown }).error;
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).code).toBe(expected);
  } finally {
    fake.faults.clear();
  }
}

/** A 429 that asks for a short wait is waited out and the call then succeeds. */
export const SHORT_429: Fault = { mode: 'rate_limited', retryAfter: 2, times: 1 };
