import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { QbittorrentClient } from '../../../src/integrations/qbittorrent/index.js';
import { qbittorrentNoxAvailability, startQbittorrentNox } from '../../helpers/qbittorrent-nox.js';
import { makeTorrent, payloadBytes, writePayload } from '../../fixtures/torrents/make-torrent.js';
import { captureLogs } from '../../helpers/log-capture.js';

const nox = qbittorrentNoxAvailability();

describe.skipIf(!nox.available)(`real qbittorrent-nox completion hook${nox.available ? '' : ` (${nox.reason})`}`, () => {
  it('runs the configured program with the placeholders once the torrent completes', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'qbt-hook-'));
    // No shell: the template is split into arguments first, then each placeholder is filled in.
    const q = await startQbittorrentNox({ autorunProgram: `/usr/bin/cp "${path.join(out, 'seed')}" "${out}/%I %L"` });
    try {
      await writePayload(out, { name: 'seed', files: [{ path: 'seed', content: Buffer.from('x') }], singleFile: true });
      const files = [{ path: 'chapter.mp3', content: payloadBytes(20_000, 'hook') }];
      const t = makeTorrent({ name: 'Hook Book', files });
      await writePayload(q.savePath, { name: t.name, files });
      const client = new QbittorrentClient({ baseUrl: q.url, username: q.username, password: q.password, logger: captureLogs().logger });
      await client.addTorrent({ torrent: t.bytes, category: 'audiobooks', savePath: q.savePath });
      const marker = path.join(out, `${t.infoHash} audiobooks`);
      const deadline = Date.now() + 15_000;
      while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(existsSync(marker)).toBe(true);
      expect(await readFile(marker, 'utf8')).toBe('x');
    } finally {
      await q.stop();
      await rm(out, { recursive: true, force: true });
    }
  });
});
