import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../../src/integrations/http/index.js';
import { QbittorrentClient, type Torrent } from '../../../src/integrations/qbittorrent/index.js';
import { makeTorrent, payloadBytes, writePayload, type PayloadFile } from '../../fixtures/torrents/make-torrent.js';
import { captureLogs } from '../../helpers/log-capture.js';

export interface QbittorrentTarget {
  url: string;
  username: string;
  password: string;
  /** Where the target looks for data (real: its download dir; fake: any path). */
  savePath: string;
  /** Whether add → complete needs the payload on disk (real qBittorrent checks the pieces). */
  checksData: boolean;
  expected: { usesStopStart: boolean; jsonAddReply: boolean; appVersionPrefix: string };
  stop(): Promise<void>;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The qBittorrent client's contract, run unchanged against the real qbittorrent-nox 4.5.2 and the 5.x fake:
 * the same calls must give the same domain results whatever the version underneath.
 */
export function qbittorrentClientSuite(label: string, start: () => Promise<QbittorrentTarget>): void {
  describe(`QbittorrentClient against ${label}`, () => {
    let target: QbittorrentTarget;
    let client: QbittorrentClient;
    let scratch: string;
    const log = captureLogs();
    let n = 0;

    const newTorrent = async (files?: PayloadFile[]) => {
      n += 1;
      const name = `Book ${n} ${label.replace(/\W+/g, '-')}`;
      const payload = files ?? [
        { path: 'part 1.mp3', content: payloadBytes(48 * 1024, `${name}-1`) },
        { path: 'part 2.mp3', content: payloadBytes(20 * 1024, `${name}-2`) },
      ];
      const t = makeTorrent({ name, files: payload, private: true });
      if (target.checksData) await writePayload(target.savePath, { name, files: payload });
      return t;
    };
    const complete = (hash: string) =>
      waitFor(async () => {
        const t = await client.torrent(hash);
        return t?.isComplete ? t : undefined;
      }, `torrent ${hash} to complete`);

    beforeAll(async () => {
      target = await start();
      scratch = await mkdtemp(path.join(os.tmpdir(), 'qbt-suite-'));
      client = new QbittorrentClient({ baseUrl: target.url, username: target.username, password: target.password, logger: log.logger, retry: { baseDelayMs: 20, maxDelayMs: 50 } });
    });
    afterAll(async () => {
      await target?.stop();
      await rm(scratch, { recursive: true, force: true });
    });

    it('logs in with the real password and detects which API flavour it talks to', async () => {
      await client.login();
      const v = await client.version();
      expect(v.app.startsWith(target.expected.appVersionPrefix)).toBe(true);
      expect(v.usesStopStart).toBe(target.expected.usesStopStart);
      expect(v.jsonAddReply).toBe(target.expected.jsonAddReply);
    });

    it('rejects a wrong password with an auth IntegrationError that does not echo the password', async () => {
      const bad = new QbittorrentClient({ baseUrl: target.url, username: target.username, password: 'definitely-wrong-pw', logger: log.logger });
      const err = await bad.login().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect((err as IntegrationError).code).toBe('auth');
      expect(String((err as Error).message)).not.toContain('definitely-wrong-pw');
    });

    it('adds a .torrent from bytes with category and tags, returns the locally computed hash, and sees it complete', async () => {
      const t = await newTorrent();
      const res = await client.addTorrent({ torrent: t.bytes, category: 'audiobooks', tags: ['shelfkeeper', 'req-1'], savePath: target.savePath });
      expect(res).toEqual({ hash: t.infoHash, name: t.name, added: true });
      const done = await complete(t.infoHash);
      expect(done).toMatchObject({ hash: t.infoHash, name: t.name, category: 'audiobooks', progress: 1, sizeBytes: t.totalSize, isStopped: false });
      expect(done.tags.sort()).toEqual(['req-1', 'shelfkeeper']);
      expect(done.contentPath).toBe(path.join(target.savePath, t.name));
      expect(done.completedAt).toBeInstanceOf(Date);
      // What the download monitor decides on: nothing left, metadata known, no estimate once done.
      expect(done).toMatchObject({ amountLeftBytes: 0, hasMetadata: true, etaSeconds: null });
      expect(done.connectedSeeds).toBeGreaterThanOrEqual(0);
      const files = await client.files(t.infoHash);
      expect(files.map((f) => [f.name, f.sizeBytes, f.progress])).toEqual([
        [`${t.name}/part 1.mp3`, 48 * 1024, 1],
        [`${t.name}/part 2.mp3`, 20 * 1024, 1],
      ]);
      const inCategory = await client.torrents({ category: 'audiobooks', filter: 'completed' });
      expect(inCategory.map((x) => x.hash)).toContain(t.infoHash);
      expect((await client.torrents({ category: 'no-such-category' })).map((x) => x.hash)).not.toContain(t.infoHash);
    });

    it('reports a repeated add of the same torrent as already present, not as a new one', async () => {
      const t = await newTorrent();
      await client.addTorrent({ torrent: t.bytes, savePath: target.savePath });
      const again = await client.addTorrent({ torrent: t.bytes, savePath: target.savePath });
      expect(again).toEqual({ hash: t.infoHash, name: t.name, added: false });
    });

    it('rejects bytes that are not a torrent before sending anything', async () => {
      const err = await client.addTorrent({ torrent: Buffer.from('<html>login</html>') }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(IntegrationError);
      expect((err as IntegrationError).code).toBe('bad_request');
    });

    it('stops and starts a torrent with the verbs of its version, and filters by stopped/running', async () => {
      const t = await newTorrent();
      await client.addTorrent({ torrent: t.bytes, savePath: target.savePath, category: 'stoptest' });
      await complete(t.infoHash);
      await client.stop([t.infoHash]);
      const stopped = await waitFor(async () => {
        const x = await client.torrent(t.infoHash);
        return x?.isStopped ? x : undefined;
      }, 'stop');
      expect(stopped.state).toBe('stoppedUP');
      expect(stopped.isComplete).toBe(true);
      const stoppedList = (await client.torrents({ filter: 'stopped' })).map((x: Torrent) => x.hash);
      const runningList = (await client.torrents({ filter: 'running' })).map((x: Torrent) => x.hash);
      expect(stoppedList).toContain(t.infoHash);
      expect(runningList).not.toContain(t.infoHash);
      await client.start([t.infoHash]);
      await waitFor(async () => ((await client.torrent(t.infoHash))?.isStopped === false ? true : undefined), 'start');
    });

    it('adds a torrent stopped when asked', async () => {
      const t = await newTorrent();
      await client.addTorrent({ torrent: t.bytes, savePath: target.savePath, stopped: true });
      // The real one passes through checkingResumeData first; it must settle as stopped, never start.
      const x = await waitFor(async () => {
        const got = await client.torrent(t.infoHash);
        return got?.isStopped ? got : undefined;
      }, 'stopped torrent');
      expect(x.state).toBe('stoppedDL');
      await new Promise((r) => setTimeout(r, 300));
      const settled = await client.torrent(t.infoHash);
      expect(settled?.progress).toBe(0);
      expect(settled).toMatchObject({ amountLeftBytes: t.totalSize, downloadSpeedBps: 0, isComplete: false });
    });

    it('deletes a torrent, keeping its files when asked to', async () => {
      const t = await newTorrent();
      await client.addTorrent({ torrent: t.bytes, savePath: target.savePath });
      await complete(t.infoHash);
      await client.delete([t.infoHash], { deleteFiles: false });
      await waitFor(async () => ((await client.torrent(t.infoHash)) === undefined ? true : undefined), 'delete');
      if (target.checksData) {
        const kept = await readFile(path.join(target.savePath, t.name, 'part 2.mp3'));
        expect(kept.length).toBe(20 * 1024);
      }
    });

    it('manages categories: create, conflict on duplicates, ensure is idempotent, unknown category refused', async () => {
      const name = `cat-${label.replace(/\W+/g, '')}`;
      await client.createCategory(name, path.join(target.savePath, 'c1'));
      const dup = await client.createCategory(name).catch((e: unknown) => e);
      expect((dup as IntegrationError).code).toBe('conflict');
      await client.ensureCategory(name, path.join(target.savePath, 'c2'));
      const cats = await client.categories();
      expect(cats.find((c) => c.name === name)?.savePath).toBe(path.join(target.savePath, 'c2'));
      const t = await newTorrent();
      await client.addTorrent({ torrent: t.bytes, savePath: target.savePath });
      // qBittorrent applies setCategory only to torrents it already lists (an unknown hash is ignored).
      await waitFor(() => client.torrent(t.infoHash), 'torrent listed');
      const unknown = await client.setCategory([t.infoHash], 'never-created').catch((e: unknown) => e);
      expect((unknown as IntegrationError).code).toBe('conflict');
      await client.setCategory([t.infoHash], name);
      expect((await client.torrent(t.infoHash))?.category).toBe(name);
    });

    it('reads and sets the completion-hook preferences', async () => {
      const program = 'curl -s -X POST http://127.0.0.1:9/hooks/qbit --data-urlencode "hash=%I" --data-urlencode "path=%F"';
      await client.setPreferences({ autorunEnabled: true, autorunProgram: program });
      const prefs = await client.preferences();
      expect(prefs).toMatchObject({ autorunEnabled: true, autorunProgram: program });
      expect(typeof prefs.savePath).toBe('string');
    });

    it('never logs the password or the session cookie', async () => {
      await client.torrents();
      expect(log.lines.length).toBeGreaterThan(0);
      expect(log.text()).not.toContain(target.password);
      expect(log.text()).not.toMatch(/(SID|QBT_SID_\d+)=[A-Za-z0-9+/]{8,}/);
    });
  });
}
