import { describe, it } from 'vitest';
import { qbittorrentNoxAvailability, startQbittorrentNox } from '../../helpers/qbittorrent-nox.js';
import { qbittorrentClientSuite } from './qbittorrent.suite.js';

// With CI=true a missing binary throws here, failing the file instead of skipping it.
const nox = qbittorrentNoxAvailability();

if (nox.available) {
  qbittorrentClientSuite('the real qbittorrent-nox 4.5.2', async () => {
    const q = await startQbittorrentNox();
    return {
      url: q.url,
      username: q.username,
      password: q.password,
      savePath: q.savePath,
      checksData: true,
      expected: { usesStopStart: false, jsonAddReply: false, appVersionPrefix: 'v4.' },
      stop: q.stop,
    };
  });
} else {
  describe('QbittorrentClient against the real qbittorrent-nox', () => {
    it.skip(nox.reason, () => {});
  });
}
