import { describe, expect, it } from 'vitest';
import { selectRelease, type WantedBook } from '../../../src/core/releases/index.js';
import { MAM_BASE_URL, mapMamTorrent, parseSize, toIndexerResult } from '../../../src/integrations/mam/mam.mapper.js';
import { mamTorrentSchema } from '../../../src/integrations/mam/mam.schemas.js';

const darkForest: WantedBook = { title: 'The Dark Forest', authors: ['Cixin Liu'], series: [{ name: "Remembrance of Earth's Past", sequence: '2' }], durationMinutes: 600 };

/** A raw search row as MAM sends it (contracts §9.2), through the client's schema and the one adapter. */
function fromRow(over: Record<string, unknown>, baseUrl = MAM_BASE_URL) {
  const row = mamTorrentSchema.parse({ id: 1234567, title: 'The Dark Forest', author_info: '{"77":"Cixin Liu"}', lang_code: 'ENG', filetype: 'm4b', size: '488.3 MiB', seeders: 25, leechers: 2, main_cat: 13, category: 47, free: 0, vip: 0, fl_vip: 0, personal_freeleech: 0, added: '2024-03-15 14:30:00', ...over });
  return toIndexerResult(mapMamTorrent(row, baseUrl), baseUrl);
}

describe('MyAnonamouse row → IndexerResult', () => {
  it('builds the name as Prowlarr does, with MAM\'s own language code, so both paths parse alike', () => {
    const r = fromRow({});
    expect(r).toMatchObject({
      guid: 'https://www.myanonamouse.net/t/1234567',
      infoUrl: 'https://www.myanonamouse.net/t/1234567',
      title: 'The Dark Forest by Cixin Liu [ENG / M4B]',
      sizeBytes: Math.round(488.3 * 2 ** 20),
      seeders: 25,
      leechers: 2,
      categories: [3030, 100047],
      indexer: 'MyAnonamouse',
      protocol: 'torrent',
      language: 'en',
      publishDate: '2024-03-15T14:30:00.000Z',
      downloadUrl: 'https://www.myanonamouse.net/tor/download.php?tid=1234567',
    });
    expect(selectRelease(darkForest, [r]).best?.result.guid).toBe(r.guid);
  });

  it('keeps the authors in MAM\'s order (JSON.parse would sort numeric keys) and at most five in the name', () => {
    expect(fromRow({ author_info: '{"900":"Cixin Liu","12":"Joel Martinsen"}' }).title).toBe('The Dark Forest by Cixin Liu, Joel Martinsen [ENG / M4B]');
    const six = `{${['A One', 'B Two', 'C Three', 'D Four', 'E Five', 'F Six'].map((n, i) => `"${60 - i}":"${n}"`).join(',')}}`;
    expect(fromRow({ author_info: six }).title).toBe('The Dark Forest by A One, B Two, C Three, D Four, E Five [ENG / M4B]');
  });

  it('keeps the three MAM flags apart: freeleech, VIP (also when only free for VIP) and personal freeleech', () => {
    expect(fromRow({ free: 1 })).toMatchObject({ freeleech: true, vip: false, personalFreeleech: false });
    expect(fromRow({ vip: '1', fl_vip: 1 })).toMatchObject({ freeleech: false, vip: true, title: 'The Dark Forest by Cixin Liu [ENG / M4B] [VIP]' });
    expect(fromRow({ fl_vip: 1 })).toMatchObject({ vip: true, title: 'The Dark Forest by Cixin Liu [ENG / M4B]' });
    expect(fromRow({ personal_freeleech: '1' })).toMatchObject({ personalFreeleech: true, freeleech: false });
  });

  it('maps MAM categories to Newznab ids as Prowlarr does, keeping the tracker\'s own id', () => {
    expect(fromRow({ main_cat: 14, category: 60 }).categories).toEqual([7020, 100060]);
    expect(fromRow({ main_cat: '14', category: '61' }).categories).toEqual([7030, 100061]);
    expect(fromRow({ main_cat: 15, category: 2 }).categories).toEqual([3000, 100002]);
    expect(fromRow({ main_cat: 16, category: null }).categories).toEqual([3000]);
    expect(fromRow({ main_cat: 13, category: 61 }).categories).toEqual([3030, 100061]);
  });

  it('refuses a MAM ebook through its category and format, and another language through lang_code', () => {
    const ebook = fromRow({ main_cat: 14, category: 60, filetype: 'epub', size: '3 MiB' });
    expect(selectRelease(darkForest, [ebook]).refused[0]?.refusal?.code).toBe('ebook');
    const german = fromRow({ lang_code: 'GER', filetype: 'mp3', size: '600 MiB' });
    expect(german.language).toBe('de');
    expect(selectRelease(darkForest, [german]).refused[0]?.refusal?.reason).toMatch(/^German-language edition/);
  });

  it('reads human sizes in binary units; the schema lets no unreadable size through', () => {
    expect(parseSize('1.2 GiB')).toBe(Math.round(1.2 * 2 ** 30));
    expect(parseSize('1,024.5 KB')).toBe(Math.round(1024.5 * 1024));
    expect(parseSize('350.50 MB')).toBe(Math.round(350.5 * 2 ** 20));
    expect(parseSize(1234)).toBe(1234);
    expect(mamTorrentSchema.safeParse({ id: 1, title: 'x', size: 'huge' }).success).toBe(false);
    expect(mamTorrentSchema.safeParse({ id: 1, title: 'x', size: '1.2.3 MiB' }).success).toBe(false);
  });

  it('builds guid and download link on the configured base, the private dl token preferred', () => {
    const r = fromRow({ dl: 'dlTOKEN' }, 'http://127.0.0.1:9999/');
    expect(r.guid).toBe('http://127.0.0.1:9999/t/1234567');
    expect(r.downloadUrl).toBe('http://127.0.0.1:9999/tor/download.php/dlTOKEN');
  });
});
