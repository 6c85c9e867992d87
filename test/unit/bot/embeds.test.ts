import { describe, expect, it } from 'vitest';
import { EMBED_LIMITS, fitEmbed, truncate } from '../../../src/bot/embed-limits.js';
import { renderDigest, renderSingle } from '../../../src/bot/notification-render.js';
import { renderStatusEmbed } from '../../../src/bot/status-embed.js';
import type { StatusReport } from '../../../src/core/status/status-report.js';

const totalLength = (e: ReturnType<typeof fitEmbed>) =>
  [...(e.title ?? '')].length +
  [...(e.description ?? '')].length +
  [...(e.footer?.text ?? '')].length +
  (e.fields ?? []).reduce((n, f) => n + [...f.name].length + [...f.value].length, 0);

describe('embed limits', () => {
  it('truncates without splitting an emoji and marks the cut', () => {
    expect(truncate('📚📚📚📚', 3)).toBe('📚📚…');
    expect(truncate('   ', 10)).toBe('—');
  });

  it('given too many, too long fields, keeps every limit and says how many were left out', () => {
    const embed = fitEmbed({
      title: 't'.repeat(300),
      description: 'd'.repeat(5000),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `n${i}`, value: 'v'.repeat(2000) })),
    });
    expect([...embed.title!].length).toBe(EMBED_LIMITS.title);
    expect(embed.fields!.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    expect(embed.fields!.every((f) => f.value.length <= EMBED_LIMITS.fieldValue)).toBe(true);
    expect(totalLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.fields!.at(-1)).toEqual({ name: '…', value: `${40 - (embed.fields!.length - 1)} more not shown` });
  });
});

describe('/status embed', () => {
  const base = (): StatusReport => ({
    database: { name: 'database', state: 'healthy' },
    jobStore: { name: 'job store', state: 'healthy' },
    integrations: [],
    jobs: [],
    generatedAt: new Date('2026-11-21T08:00:00Z'),
  });

  it('given the database down, then it is red and counts the problem', () => {
    const report = base();
    report.database = { name: 'database', state: 'unhealthy', reason: 'connection refused on 127.0.0.1:5432' };
    const embed = renderStatusEmbed(report);
    expect(embed.color).toBe(0xe74c3c);
    expect(embed.title).toBe('shelfkeeper: 1 problem');
    expect(embed.description).toContain('connection refused on 127.0.0.1:5432');
  });

  it('given no worker heartbeat and a lagging inbox, then it is yellow and says both', () => {
    const report = base();
    report.processing = {
      worker: { name: 'worker', state: 'unhealthy', reason: 'no worker heartbeat for 3 min', live: 0, lastHeartbeatAt: new Date('2026-11-21T07:57:00Z') },
      inbox: { name: 'inbox', state: 'unhealthy', reason: '50 events pending, the oldest for 7 min', pending: 50, oldestPendingAgeSeconds: 420 },
    };
    const embed = renderStatusEmbed(report);
    expect(embed.color).toBe(0xf1c40f);
    expect(embed.title).toBe('shelfkeeper: 2 problems');
    expect(embed.description).toContain('**worker** — unhealthy: no worker heartbeat for 3 min');
    expect(embed.description).toContain('**inbox** — unhealthy: 50 events pending, the oldest for 7 min');
  });

  it('given 60 jobs with long errors and 30 integrations, then it still fits in one embed', () => {
    const report = base();
    report.integrations = Array.from({ length: 30 }, (_, i) => ({ name: `svc${i}`, state: 'unhealthy' as const, reason: 'e'.repeat(500) }));
    report.jobs = Array.from({ length: 60 }, (_, i) => ({
      name: `job-${i}`,
      nextRunAt: null,
      lastRun: { status: 'failed', startedAt: new Date(), finishedAt: null, error: 'x'.repeat(3000) },
    }));
    const embed = renderStatusEmbed(report);
    expect(totalLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    expect(embed.fields!.length).toBeLessThanOrEqual(25);
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.title).toBe('shelfkeeper: 30 problems');
  });

  it('says when a job was never scheduled or never ran', () => {
    const report = base();
    report.jobs = [{ name: 'discovery', nextRunAt: null }];
    expect(renderStatusEmbed(report).fields).toEqual([{ name: 'discovery', value: 'not scheduled · never run' }]);
  });
});

describe('notification rendering', () => {
  const item = (n: number, extra = {}) => ({
    kind: 'discovery',
    idempotencyKey: `d:${n}`,
    createdAt: new Date('2026-11-21T08:00:00Z'),
    payload: { title: `Book ${n}`, ...extra },
  });

  it('puts buttons five to a row and links as link buttons', () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ label: `b${i}`, customId: `x:${i}` }));
    const body = renderSingle(item(1, { buttons: [...buttons, { label: 'site', url: 'https://example.org/b' }] }));
    expect(body.components!.map((r) => r.components.length)).toEqual([5, 3]);
    expect(body.components![1]!.components[2]).toEqual({ type: 2, style: 5, label: 'site', url: 'https://example.org/b' });
  });

  it('gives the same nonce for the same notification, and a different one for another', () => {
    expect(renderSingle(item(1)).nonce).toBe(renderSingle(item(1)).nonce);
    expect(renderSingle(item(1)).nonce).not.toBe(renderSingle(item(2)).nonce);
    expect(renderSingle(item(1)).nonce.length).toBeLessThanOrEqual(25);
  });

  it('given 500 discoveries, the digest lists what fits and says how many more', () => {
    const digest = renderDigest(Array.from({ length: 500 }, (_, i) => item(i + 1, { digestTitle: '{count} new books' })));
    const embed = digest.embeds[0]!;
    expect(embed.title).toBe('500 new books');
    expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
    expect(embed.description).toMatch(/\n…and \d+ more$/);
    const shown = embed.description!.split('\n').filter((l) => l.startsWith('• ')).length;
    expect(embed.description).toContain(`…and ${500 - shown} more`);
  });
});
