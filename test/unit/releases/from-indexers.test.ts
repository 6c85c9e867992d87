import { describe, expect, it } from 'vitest';
import { fromMam, fromProwlarr, parseHumanSize, parseMamPeople, selectRelease } from '../../../src/core/releases/index.js';
import { darkForest } from './release-factory.js';

describe('normalising indexer rows', () => {
  it('reads MAM human sizes in binary units', () => {
    expect(parseHumanSize('488.3 MiB')).toBe(Math.round(488.3 * 2 ** 20));
    expect(parseHumanSize('1.2 GiB')).toBe(Math.round(1.2 * 2 ** 30));
    expect(parseHumanSize('1,024.5 KB')).toBe(Math.round(1024.5 * 1024));
    expect(parseHumanSize('huge')).toBeNull();
  });

  it('reads MAM author lists, even when the JSON inside the string is malformed', () => {
    expect(parseMamPeople('{"123":"Andy Weir","9":"Someone Else"}')).toEqual(['Andy Weir', 'Someone Else']);
    expect(parseMamPeople('{"123":"Dwayne "The Rock" Johnson","9":"Ann Leckie"}')).toEqual(['Dwayne "The Rock" Johnson', 'Ann Leckie']);
    expect(parseMamPeople(null)).toEqual([]);
  });

  it('keeps the three MAM flags distinct and builds a name the parser reads like Prowlarr\'s', () => {
    const r = fromMam({
      id: 1234567,
      title: 'The Dark Forest',
      author_info: '{"77":"Cixin Liu"}',
      lang_code: 'ENG',
      filetype: 'm4b',
      size: '488.3 MiB',
      seeders: '25',
      leechers: 2,
      main_cat: 13,
      category: '47',
      free: 0,
      vip: 0,
      fl_vip: 1,
      personal_freeleech: '1',
      added: '2024-03-15 14:30:00',
    });
    expect(r).toMatchObject({
      guid: 'https://www.myanonamouse.net/t/1234567',
      title: 'The Dark Forest by Cixin Liu [ENG / M4B]',
      seeders: 25,
      categories: [3030, 100047],
      freeleech: false,
      vip: true,
      personalFreeleech: true,
      language: 'en',
      publishDate: '2024-03-15T14:30:00Z',
    });
    expect(selectRelease(darkForest, r ? [r] : []).best?.result.guid).toBe(r?.guid);
  });

  it('refuses a MAM ebook row through its category and format', () => {
    const r = fromMam({ id: 1, title: 'The Dark Forest', author_info: '{"1":"Cixin Liu"}', lang_code: 'ENG', filetype: 'epub', size: '3 MiB', main_cat: 14 });
    expect(selectRelease(darkForest, r ? [r] : []).refused[0]?.refusal?.code).toBe('ebook');
  });

  it('a language stated by the indexer in another form still counts', () => {
    const r = fromMam({ id: 2, title: 'The Dark Forest', author_info: '{"1":"Cixin Liu"}', lang_code: 'GER', filetype: 'mp3', size: '600 MiB', seeders: 4 });
    expect(selectRelease(darkForest, r ? [r] : []).refused[0]?.refusal?.reason).toMatch(/^German-language edition/);
  });

  it('maps Prowlarr rows, taking freeleech from the indexer flags', () => {
    const r = fromProwlarr({
      guid: 'https://www.myanonamouse.net/t/1',
      title: 'The Dark Forest by Cixin Liu [ENG / M4B]',
      size: 600 * 2 ** 20,
      seeders: 5,
      indexerId: 7,
      indexer: 'MyAnonamouse',
      categories: [{ id: 3030 }, { id: 100039 }],
      indexerFlags: ['freeleech'],
      protocol: 'torrent',
    });
    expect(r).toMatchObject({ indexerId: 7, categories: [3030, 100039], freeleech: true, protocol: 'torrent' });
  });
});
