import { describe, expect, it } from 'vitest';
import { selectRelease, type WantedBook } from '../../../src/core/releases/index.js';
import { toIndexerResult } from '../../../src/integrations/prowlarr/prowlarr.mapper.js';
import { releaseSchema } from '../../../src/integrations/prowlarr/prowlarr.schemas.js';

const darkForest: WantedBook = { title: 'The Dark Forest', authors: ['Cixin Liu'], series: [], durationMinutes: 600 };

/** A raw `/api/v1/search` row (contracts §4.2), through the client's schema and the one adapter. */
function fromRow(over: Record<string, unknown>) {
  return toIndexerResult(
    releaseSchema.parse({
      guid: 'https://www.myanonamouse.net/t/1',
      title: 'The Dark Forest by Cixin Liu [ENG / M4B]',
      size: 600 * 2 ** 20,
      seeders: 5,
      leechers: 1,
      grabs: 12,
      indexerId: 7,
      indexer: 'MyAnonamouse',
      categories: [{ id: 3030 }, { id: 100039 }],
      indexerFlags: ['freeleech'],
      publishDate: '2024-03-15T14:30:00Z',
      downloadUrl: 'http://prowlarr:9696/7/download?apikey=secret&link=abc',
      infoUrl: 'https://www.myanonamouse.net/t/1',
      protocol: 'torrent',
      ...over,
    }),
  );
}

describe('Prowlarr row → IndexerResult', () => {
  it('gives the neutral result release selection scores, plus what grab and download need', () => {
    const r = fromRow({});
    expect(r).toEqual({
      guid: 'https://www.myanonamouse.net/t/1',
      title: 'The Dark Forest by Cixin Liu [ENG / M4B]',
      sizeBytes: 600 * 2 ** 20,
      seeders: 5,
      leechers: 1,
      categories: [3030, 100039],
      indexer: 'MyAnonamouse',
      indexerId: 7,
      protocol: 'torrent',
      freeleech: true,
      vip: false,
      personalFreeleech: false,
      language: null,
      publishDate: '2024-03-15T14:30:00.000Z',
      infoUrl: 'https://www.myanonamouse.net/t/1',
      downloadUrl: 'http://prowlarr:9696/7/download?apikey=secret&link=abc',
      grabs: 12,
      flags: ['freeleech'],
      magnetUrl: null,
    });
    const decision = selectRelease(darkForest, [r]);
    expect(decision.best?.result).toBe(r);
    expect(decision.best?.free).toBe(true);
  });

  it('counts only full freeleech, and keeps absent numbers and links absent', () => {
    expect(fromRow({ indexerFlags: ['halfleech', 'freeleech75'] }).freeleech).toBe(false);
    expect(fromRow({ indexerFlags: [1, 'FreeLeech'] })).toMatchObject({ freeleech: true, flags: ['1', 'FreeLeech'] });
    const bare = fromRow({ seeders: undefined, leechers: undefined, grabs: undefined, downloadUrl: undefined, infoUrl: undefined });
    expect(bare).toMatchObject({ seeders: null, leechers: null, grabs: null, infoUrl: null });
    expect('downloadUrl' in bare).toBe(false);
  });

  it('reads the protocol, anything unexpected as unknown', () => {
    expect(fromRow({ protocol: 'usenet' }).protocol).toBe('usenet');
    expect(fromRow({ protocol: 'ftp' }).protocol).toBe('unknown');
  });
});
