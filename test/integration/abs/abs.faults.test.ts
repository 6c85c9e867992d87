import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbsClient } from '../../../src/integrations/abs/index.js';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { startAbsFake, type AbsFake } from '../../fakes/abs/index.js';
import { captureLogs } from '../../helpers/log-capture.js';

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e as IntegrationError,
  );

describe('AbsClient fault handling', () => {
  let fake: AbsFake;
  let client: AbsClient;
  let libraryId: string;
  const log = captureLogs();

  beforeAll(async () => {
    fake = await startAbsFake({ books: 5 });
    libraryId = fake.controls.library.id;
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.controls.faults.clear();
    client = new AbsClient({
      baseUrl: fake.url,
      auth: { username: fake.controls.username, password: fake.controls.password },
      logger: log.logger,
      timeoutMs: 400,
      retry: { baseDelayMs: 10, maxDelayMs: 20, maxRetryAfterMs: 2_000 },
    });
  });

  it('waits out latency below the timeout', async () => {
    fake.controls.setFault({ mode: 'latency', latencyMs: 150, path: '/api/', times: 1 });
    expect((await client.listItems(libraryId)).total).toBe(5);
  });

  it('retries after a 429 with a short Retry-After', async () => {
    fake.controls.setFault({ mode: 'rate_limited', retryAfter: 0, path: '/api/', times: 1 });
    expect((await client.listItems(libraryId)).total).toBe(5);
  });

  it('surfaces a long Retry-After as rate_limited with the wait instead of "no items"', async () => {
    fake.controls.setFault({ mode: 'rate_limited', retryAfter: 300, path: '/api/' });
    expect(await failure(client.listItems(libraryId))).toMatchObject({ code: 'rate_limited', retryAfterMs: 300_000 });
  });

  it('retries a read after one 500; a persistent 500 is server_error, and getItem does not turn it into null', async () => {
    fake.controls.setFault({ mode: 'server_error', path: '/api/', times: 1 });
    expect((await client.libraries()).length).toBe(1);
    fake.controls.setFault({ mode: 'server_error', path: '/api/' });
    expect((await failure(client.libraries())).code).toBe('server_error');
    expect((await failure(client.getItem('anything'))).code).toBe('server_error');
  });

  it('reports a timeout as timeout', async () => {
    fake.controls.setFault({ mode: 'timeout', path: '/api/' });
    expect((await failure(client.libraries())).code).toBe('timeout');
  });

  it('turns malformed JSON and drifted shapes into invalid_response', async () => {
    fake.controls.setFault({ mode: 'malformed_json', path: '/api/' });
    expect((await failure(client.listItems(libraryId))).code).toBe('invalid_response');
    fake.controls.setFault({ mode: 'drifted', path: '/api/' });
    const err = await failure(client.listItems(libraryId));
    expect(err.code).toBe('invalid_response');
    expect(err.message).toMatch(/unexpected response shape/);
    expect((await failure(client.search(libraryId, 'The'))).code).toBe('invalid_response');
  });

  it('logs in again once when the access token expired', async () => {
    await client.libraries();
    fake.controls.setFault({ mode: 'expired_session', path: '/api/', times: 1 });
    expect((await client.libraries()).length).toBe(1);
    expect(fake.controls.requests.filter((r) => r.path === '/login').length).toBeGreaterThanOrEqual(2);
  });

  it('gives an auth error when the API key is refused', async () => {
    const keyed = new AbsClient({ baseUrl: fake.url, auth: { apiKey: 'revoked-key-1234' }, logger: log.logger });
    const err = await failure(keyed.libraries());
    expect(err).toMatchObject({ code: 'auth', status: 401 });
    expect(err.message).not.toContain('revoked-key-1234');
  });

  it('never logs the password or tokens', () => {
    expect(log.text()).not.toContain(fake.controls.password);
    expect(log.text()).not.toContain('revoked-key-1234');
    expect(log.text()).not.toMatch(/access\.[A-Za-z0-9_-]{10,}/);
  });
});
