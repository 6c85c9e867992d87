import { describe, expect, it } from 'vitest';
import { resolvePreferences, selectRelease } from '../../../src/core/releases/index.js';
import { darkForest, result, sizeAt } from './release-factory.js';

const pick = (...results: ReturnType<typeof result>[]) => selectRelease(darkForest, results);

describe('release preference order', () => {
  it('prefers M4B/M4A over MP3 over other or unstated formats, whatever the seeders', () => {
    const flac = result('Cixin Liu - The Dark Forest [FLAC]', { seeders: 500, sizeBytes: sizeAt(250) });
    const none = result('Cixin Liu - The Dark Forest (Unabridged)', { seeders: 400 });
    const mp3 = result('Cixin Liu - The Dark Forest [MP3]', { seeders: 50 });
    const m4a = result('Cixin Liu - The Dark Forest [M4A]', { seeders: 2 });
    const decision = pick(flac, none, mp3, m4a);
    expect(decision.acceptable.map((j) => j.result.guid)).toEqual([m4a.guid, mp3.guid, flac.guid, none.guid]);
    expect(decision.summary).toContain('on better format');
  });

  it('treats M4B and M4A as equal, then prefers freeleech over more seeders', () => {
    const paid = result('Cixin Liu - The Dark Forest [M4B]', { seeders: 127 });
    const free = result('The Dark Forest by Cixin Liu [ENG / M4A]', { seeders: 72, freeleech: true });
    const decision = pick(paid, free);
    expect(decision.best?.result.guid).toBe(free.guid);
    expect(decision.summary).toMatch(/freeleech, 72 seeders.*on freeleech$/);
  });

  it('then prefers more seeders, then size per hour nearest 45 MB/h', () => {
    const few = result('Cixin Liu - The Dark Forest [MP3]', { seeders: 5, sizeBytes: sizeAt(45) });
    const many = result('The Dark Forest by Cixin Liu [MP3]', { seeders: 50, sizeBytes: sizeAt(14) });
    expect(pick(few, many).best?.result.guid).toBe(many.guid);
    const small = result('Cixin Liu - The Dark Forest [MP3]', { seeders: 20, sizeBytes: sizeAt(14) });
    const right = result('The Dark Forest by Cixin Liu [MP3]', { seeders: 20, sizeBytes: sizeAt(50) });
    const decision = pick(small, right);
    expect(decision.best?.result.guid).toBe(right.guid);
    expect(decision.summary).toContain('size per hour closer to the target');
  });

  it('says why when nothing is acceptable', () => {
    const decision = pick(result('Cixin Liu - The Dark Forest [M4B]', { seeders: 0 }));
    expect(decision.best).toBeNull();
    expect(decision.summary).toBe('nothing acceptable among 1 results');
    expect(selectRelease(darkForest, []).summary).toBe('no results');
  });

  it('follows a configured format order', () => {
    const prefs = resolvePreferences({ formatTiers: [['flac'], ['m4b', 'm4a'], ['mp3']] });
    const flac = result('Cixin Liu - The Dark Forest [FLAC]', { seeders: 3, sizeBytes: sizeAt(250) });
    const m4b = result('Cixin Liu - The Dark Forest [M4B]', { seeders: 90 });
    expect(selectRelease(darkForest, [m4b, flac], prefs).best?.result.guid).toBe(flac.guid);
  });

  it('keeps the three MyAnonamouse flags distinct: VIP is not freeleech unless the user is VIP', () => {
    const vip = result('The Dark Forest by Cixin Liu [ENG / M4B] [VIP]', { indexer: 'MyAnonamouse', vip: true, seeders: 10 });
    const busy = result('Cixin Liu - The Dark Forest [M4B]', { seeders: 40 });
    expect(selectRelease(darkForest, [vip, busy]).best?.result.guid).toBe(busy.guid);
    const vipUser = resolvePreferences({ mam: { vipCountsAsFreeleech: true } });
    expect(selectRelease(darkForest, [vip, busy], vipUser).best?.result.guid).toBe(vip.guid);
    const wedged = result('The Dark Forest by Cixin Liu [ENG / M4B]', { indexer: 'MyAnonamouse', personalFreeleech: true, seeders: 10 });
    const decision = selectRelease(darkForest, [busy, wedged]);
    expect(decision.best?.result.guid).toBe(wedged.guid);
    expect(decision.summary).toContain('personal freeleech');
  });
});

describe('MyAnonamouse freeleech wedge rule', () => {
  const mam = (over: Partial<ReturnType<typeof result>>) =>
    result('The Dark Forest by Cixin Liu [ENG / M4B]', { indexer: 'MyAnonamouse', ...over });
  const withWedges = resolvePreferences({ mam: { wedge: { enabled: true, minSizeBytes: 500 * 1024 * 1024 } } });

  it('spends a wedge only on a paid, non-VIP pick at least the configured size', () => {
    expect(selectRelease(darkForest, [mam({ sizeBytes: sizeAt(60) })], withWedges).wedge?.spend).toBe(true);
    const small = selectRelease(darkForest, [mam({ sizeBytes: sizeAt(30) })], withWedges).wedge;
    expect(small).toEqual({ spend: false, reason: '300.0 MB is under the 500.0 MB wedge threshold' });
    expect(selectRelease(darkForest, [mam({ sizeBytes: sizeAt(60), freeleech: true })], withWedges).wedge?.spend).toBe(false);
    expect(selectRelease(darkForest, [mam({ sizeBytes: sizeAt(60), vip: true })], withWedges).wedge?.reason).toMatch(/^VIP/);
    expect(selectRelease(darkForest, [mam({ sizeBytes: sizeAt(60), personalFreeleech: true })], withWedges).wedge?.spend).toBe(false);
  });

  it('never spends a wedge when the rule is off or the pick is not from MyAnonamouse', () => {
    expect(selectRelease(darkForest, [mam({ sizeBytes: sizeAt(60) })]).wedge?.spend).toBe(false);
    expect(selectRelease(darkForest, [result('Cixin Liu - The Dark Forest [M4B]', { sizeBytes: sizeAt(60) })], withWedges).wedge).toBeNull();
  });
});
