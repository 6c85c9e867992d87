import { qbittorrentClientSuite } from './qbittorrent.suite.js';
import { startQbittorrentFake } from '../../fakes/qbittorrent/index.js';

qbittorrentClientSuite('the qBittorrent 5.2 fake', async () => {
  const fake = await startQbittorrentFake({ version: '5.2', savePath: '/downloads', downloadMs: 100 });
  return {
    url: fake.url,
    username: fake.controls.username,
    password: fake.controls.password,
    savePath: '/downloads',
    checksData: false,
    expected: { usesStopStart: true, jsonAddReply: true, appVersionPrefix: 'v5.2' },
    stop: fake.close,
  };
});

qbittorrentClientSuite('the qBittorrent 5.1 fake', async () => {
  const fake = await startQbittorrentFake({ version: '5.1', savePath: '/downloads', downloadMs: 100 });
  return {
    url: fake.url,
    username: fake.controls.username,
    password: fake.controls.password,
    savePath: '/downloads',
    checksData: false,
    expected: { usesStopStart: true, jsonAddReply: false, appVersionPrefix: 'v5.1' },
    stop: fake.close,
  };
});
