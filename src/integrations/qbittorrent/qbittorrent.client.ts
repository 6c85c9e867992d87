import type { Logger } from 'pino';
import { InvalidTorrentError, parseTorrent } from '../../core/torrent/index.js';
import { IntegrationError, createServiceHttpClient, isIntegrationError, type HttpClient, type RetryPolicy } from '../http/index.js';
import { mapTorrent, wireFilter } from './qbittorrent.mapper.js';
import { addReplySchema, categoriesSchema, preferencesSchema, torrentFilesSchema, torrentListSchema } from './qbittorrent.schemas.js';
import { QbittorrentSession } from './qbittorrent.session.js';
import type {
  AddTorrentInput,
  AddTorrentResult,
  Category,
  QbtPreferences,
  QbtVersionInfo,
  Torrent,
  TorrentFile,
  TorrentListFilter,
} from './qbittorrent.types.js';

export interface QbittorrentClientOptions {
  baseUrl: string;
  username: string;
  password: string;
  logger: Logger;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export interface TorrentQuery {
  hashes?: readonly string[];
  /** '' = uncategorised only. */
  category?: string;
  tag?: string;
  filter?: TorrentListFilter;
}

const SERVICE = 'qbittorrent';

/**
 * qBittorrent WebUI API v2 for 4.x and 5.x: the version differences (login answers, cookie name, pause/resume vs
 * stop/start, text vs JSON add replies, filter names) are handled here so callers never see them.
 */
export class QbittorrentClient {
  private readonly http: HttpClient;
  private readonly session: QbittorrentSession;

  constructor(options: QbittorrentClientOptions) {
    this.http = createServiceHttpClient(SERVICE, {
      baseUrl: options.baseUrl,
      logger: options.logger,
      secrets: [options.password],
      ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
    });
    this.session = new QbittorrentSession(this.http, options.username, options.password);
  }

  /** Logs in now (otherwise the first call does); throws an `auth` IntegrationError on bad credentials. */
  login(): Promise<void> {
    return this.session.login();
  }

  version(): Promise<QbtVersionInfo> {
    return this.session.versionInfo();
  }

  /**
   * Uploads a .torrent. The hash is computed locally (5.0/5.1 reply only `Ok.`; a 5.2 URL add never says it), so the
   * caller can follow the torrent from the start. A duplicate is reported as `added: false`, not as an error.
   * qBittorrent adds asynchronously: the torrent may appear in `torrents()` a refresh tick later.
   */
  async addTorrent(input: AddTorrentInput): Promise<AddTorrentResult> {
    let meta;
    try {
      meta = parseTorrent(input.torrent);
    } catch (err) {
      if (!(err instanceof InvalidTorrentError)) throw err;
      throw new IntegrationError({ service: SERVICE, operation: 'addTorrent', code: 'bad_request', message: `not a valid .torrent: ${err.message}`, cause: err });
    }
    const hash = meta.infoHash.id;
    const version = await this.version();
    const form = new FormData();
    form.append('torrents', new Blob([input.torrent], { type: 'application/x-bittorrent' }), input.filename ?? `${hash}.torrent`);
    if (input.savePath) form.append('savepath', input.savePath);
    if (input.category !== undefined) form.append('category', input.category);
    if (input.tags?.length) form.append('tags', input.tags.join(','));
    if (input.stopped !== undefined) form.append(version.usesStopStart ? 'stopped' : 'paused', String(input.stopped));

    let accepted: boolean;
    try {
      const reply = await this.session.call({ operation: 'addTorrent', method: 'POST', url: 'api/v2/torrents/add', data: form, responseType: 'text', idempotent: true });
      accepted = version.jsonAddReply ? parseAddReply(reply).success_count > 0 : reply.trim() === 'Ok.';
    } catch (err) {
      // 5.2: 409 = nothing added (typically a duplicate); 415 = qBittorrent could not read the file.
      if (!(isIntegrationError(err) && err.status === 409)) throw err;
      accepted = false;
    }
    if (accepted) return { hash, name: meta.name, added: true };
    // Refused: fine if it is already there (a repeated add), an error otherwise. A torrent added a moment ago may
    // not be listed yet (4.x adds asynchronously and lists on its refresh tick), so look a few times.
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const existing = await this.torrent(hash);
      if (existing) return { hash, name: existing.name, added: false };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new IntegrationError({ service: SERVICE, operation: 'addTorrent', code: 'conflict', message: `qBittorrent refused torrent ${hash}` });
  }

  async torrents(query: TorrentQuery = {}): Promise<Torrent[]> {
    const version = query.filter ? await this.version() : undefined;
    const rows = await this.session.call({
      operation: 'listTorrents',
      url: 'api/v2/torrents/info',
      params: {
        filter: query.filter && version ? wireFilter(query.filter, version.usesStopStart) : undefined,
        category: query.category,
        tag: query.tag,
        hashes: query.hashes?.map((h) => h.toLowerCase()).join('|'),
      },
      schema: torrentListSchema,
    });
    return rows.map(mapTorrent);
  }

  async torrent(hash: string): Promise<Torrent | undefined> {
    const [found] = await this.torrents({ hashes: [hash] });
    return found;
  }

  async files(hash: string): Promise<TorrentFile[]> {
    const rows = await this.session.call({ operation: 'torrentFiles', url: 'api/v2/torrents/files', params: { hash: hash.toLowerCase() }, schema: torrentFilesSchema });
    return rows.map((f, i) => ({ index: f.index ?? i, name: f.name, sizeBytes: f.size, progress: f.progress }));
  }

  /** Stops (5.x) or pauses (4.x) torrents. Unknown hashes are ignored by qBittorrent. */
  async stop(hashes: readonly string[]): Promise<void> {
    const { usesStopStart } = await this.version();
    await this.postHashes(usesStopStart ? 'stop' : 'pause', hashes);
  }

  async start(hashes: readonly string[]): Promise<void> {
    const { usesStopStart } = await this.version();
    await this.postHashes(usesStopStart ? 'start' : 'resume', hashes);
  }

  async delete(hashes: readonly string[], options: { deleteFiles: boolean }): Promise<void> {
    await this.postHashes('delete', hashes, { deleteFiles: String(options.deleteFiles) });
  }

  async categories(): Promise<Category[]> {
    const map = await this.session.call({ operation: 'categories', url: 'api/v2/torrents/categories', schema: categoriesSchema });
    return Object.values(map).map((c) => ({ name: c.name, savePath: c.savePath }));
  }

  /** Creates a category; throws a `conflict` IntegrationError when it exists. */
  async createCategory(name: string, savePath = ''): Promise<void> {
    await this.post('createCategory', 'api/v2/torrents/createCategory', { category: name, savePath });
  }

  /** Creates the category or updates its save path when it already exists. */
  async ensureCategory(name: string, savePath = ''): Promise<void> {
    try {
      await this.createCategory(name, savePath);
    } catch (err) {
      if (!isIntegrationError(err, 'conflict')) throw err;
      await this.post('editCategory', 'api/v2/torrents/editCategory', { category: name, savePath });
    }
  }

  /** Moves torrents to a category; 409 (`conflict`) when the category does not exist. */
  async setCategory(hashes: readonly string[], category: string): Promise<void> {
    await this.post('setCategory', 'api/v2/torrents/setCategory', { hashes: hashes.join('|'), category });
  }

  async preferences(): Promise<QbtPreferences> {
    const p = await this.session.call({ operation: 'preferences', url: 'api/v2/app/preferences', schema: preferencesSchema });
    return { savePath: p.save_path, autorunEnabled: p.autorun_enabled, autorunProgram: p.autorun_program, webUiPort: p.web_ui_port };
  }

  /** Sets the "run external program on torrent finished" hook (and/or the default save path). */
  async setPreferences(changes: Partial<Pick<QbtPreferences, 'savePath' | 'autorunEnabled' | 'autorunProgram'>>): Promise<void> {
    const json: Record<string, unknown> = {};
    if (changes.savePath !== undefined) json.save_path = changes.savePath;
    if (changes.autorunEnabled !== undefined) json.autorun_enabled = changes.autorunEnabled;
    if (changes.autorunProgram !== undefined) json.autorun_program = changes.autorunProgram;
    await this.post('setPreferences', 'api/v2/app/setPreferences', { json: JSON.stringify(json) });
  }

  private async postHashes(action: string, hashes: readonly string[], extra: Record<string, string> = {}): Promise<void> {
    if (hashes.length === 0) return;
    await this.post(action, `api/v2/torrents/${action}`, { hashes: hashes.map((h) => h.toLowerCase()).join('|'), ...extra });
  }

  private async post(operation: string, url: string, fields: Record<string, string>): Promise<void> {
    // These calls set state to a value, so repeating one after a lost answer is safe.
    await this.session.call({ operation, method: 'POST', url, data: new URLSearchParams(fields), responseType: 'text', idempotent: true });
  }
}

function parseAddReply(text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = addReplySchema.safeParse(json);
  if (!parsed.success) {
    throw new IntegrationError({ service: SERVICE, operation: 'addTorrent', code: 'invalid_response', message: 'add reply is not the 5.2 JSON shape' });
  }
  return parsed.data;
}
