import { InvalidTorrentError, parseTorrent } from '../../../src/core/torrent/index.js';
import { boolParam, type QbtParams } from './qbittorrent.params.js';
import type { QbtState } from './qbittorrent.state.js';
import { filesJson, matchesFilter, torrentJson, type FakeTorrent } from './qbittorrent.torrents.js';

/** What a handler answers: a status and a text or JSON body (qBittorrent errors are plain text). */
export type QbtReply = { status: number; text?: string; json?: unknown };
export type QbtHandler = (p: QbtParams, state: QbtState) => QbtReply;

const ok = (): QbtReply => ({ status: 200, text: '' });
const missing = (names: string): QbtReply => ({ status: 400, text: `Missing required parameters: ${names}` });

function selectHashes(p: QbtParams, state: QbtState): FakeTorrent[] | undefined {
  const raw = p.fields.get('hashes');
  if (raw === undefined) return undefined;
  if (raw === 'all') return [...state.torrents.values()];
  return raw.split('|').map((h) => state.torrents.get(h.toLowerCase())).filter((t): t is FakeTorrent => !!t);
}

function add(p: QbtParams, state: QbtState): QbtReply {
  const v52 = state.version === '5.2';
  const urls = (p.fields.get('urls') ?? '').split('\n').map((u) => u.trim()).filter(Boolean);
  const category = p.fields.get('category') ?? '';
  const tags = (p.fields.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  const added: string[] = [];
  let failures = 0;
  for (const file of p.files) {
    let meta;
    try {
      meta = parseTorrent(file.bytes);
    } catch (err) {
      if (err instanceof InvalidTorrentError) return { status: 415, text: `Error: '${file.filename}' is not a valid torrent file.` };
      throw err;
    }
    const hash = meta.infoHash.id;
    if (state.torrents.has(hash) || state.refuseAdds) {
      failures += 1;
      continue;
    }
    state.ensureCategory(category);
    tags.forEach((t) => state.tags.add(t));
    const now = Date.now();
    const stopped = boolParam(p.fields.get('stopped'));
    state.torrents.set(hash, {
      meta,
      hash,
      name: p.fields.get('rename') || meta.name,
      category,
      tags,
      savePath: p.fields.get('savepath') || state.savePath,
      addedOn: Math.floor(now / 1000),
      completionOn: -1,
      stopped,
      doneMs: 0,
      runningSince: stopped ? undefined : now,
      downloadMs: boolParam(p.fields.get('skip_checking')) ? 0 : state.downloadMs,
      finishedFired: false,
    });
    added.push(hash);
  }
  // URL adds are fetched later: "pending" in 5.2 (no id known yet), "Ok." before.
  const pending = urls.length;
  if (!v52) return { status: 200, text: added.length + pending > 0 ? 'Ok.' : 'Fails.' };
  const body = { success_count: added.length, failure_count: failures, pending_count: pending, added_torrent_ids: added };
  if (added.length === 0 && pending === 0) return { status: 409, json: body };
  return { status: pending > 0 ? 202 : 200, json: body };
}

function info(p: QbtParams, state: QbtState): QbtReply {
  let list = [...state.torrents.values()];
  const hashes = p.fields.get('hashes');
  if (hashes) {
    const wanted = new Set(hashes.split('|').map((h) => h.toLowerCase()));
    list = list.filter((t) => wanted.has(t.hash));
  }
  const category = p.fields.get('category');
  if (category !== undefined) list = list.filter((t) => t.category === category);
  const tag = p.fields.get('tag');
  if (tag !== undefined) list = list.filter((t) => (tag === '' ? t.tags.length === 0 : t.tags.includes(tag)));
  const filter = p.fields.get('filter');
  list = list.filter((t) => matchesFilter(t, filter));
  let rows = list.map((t) => torrentJson(t, state.version));
  const sort = p.fields.get('sort');
  if (sort) {
    if (rows.length > 0 && !(sort in rows[0]!)) return { status: 400, text: "'sort' parameter is invalid" };
    rows.sort((a, b) => (String(a[sort]) < String(b[sort]) ? -1 : String(a[sort]) > String(b[sort]) ? 1 : 0));
    if (boolParam(p.fields.get('reverse'))) rows.reverse();
  }
  const offset = Number(p.fields.get('offset') ?? 0);
  const limit = Number(p.fields.get('limit') ?? 0);
  if (offset) rows = rows.slice(offset < 0 ? rows.length + offset : offset);
  if (limit > 0) rows = rows.slice(0, limit);
  return { status: 200, json: rows };
}

function setStopped(stopped: boolean): QbtHandler {
  return (p, state) => {
    const list = selectHashes(p, state);
    if (!list) return missing('hashes');
    const now = Date.now();
    for (const t of list) {
      t.stopped = stopped;
      t.runningSince = stopped ? undefined : now;
    }
    return ok();
  };
}

export const torrentHandlers: Record<string, QbtHandler> = {
  add,
  info,
  files(p, state) {
    const hash = p.fields.get('hash');
    if (!hash) return missing('hash');
    const t = state.torrents.get(hash.toLowerCase());
    return t ? { status: 200, json: filesJson(t) } : { status: 404, text: 'Not Found' };
  },
  stop: setStopped(true),
  start: setStopped(false),
  delete(p, state) {
    const list = selectHashes(p, state);
    if (!list || p.fields.get('deleteFiles') === undefined) return missing('hashes, deleteFiles');
    for (const t of list) state.torrents.delete(t.hash);
    return ok();
  },
  categories(_p, state) {
    const out: Record<string, unknown> = {};
    for (const c of state.categories.values()) {
      // 5.2 (API 2.11.10+) serialises the "default" download path as null; 5.0/5.1 omit the key.
      out[c.name] = state.version === '5.2' ? { name: c.name, savePath: c.savePath, downloadPath: null } : { name: c.name, savePath: c.savePath };
    }
    return { status: 200, json: out };
  },
  createCategory(p, state) {
    const name = p.fields.get('category');
    if (!name) return { status: 400, text: 'Category name cannot be empty' };
    if (state.categories.has(name) || name.includes('\\') || name.startsWith('/') || name.endsWith('/')) return { status: 409, text: 'Unable to create category' };
    state.categories.set(name, { name, savePath: p.fields.get('savePath') ?? '' });
    return ok();
  },
  editCategory(p, state) {
    const name = p.fields.get('category');
    if (!name) return missing('category');
    const cat = state.categories.get(name);
    if (!cat) return state.version === '5.2' ? { status: 404, text: 'Category does not exist' } : { status: 409, text: 'Unable to edit category' };
    cat.savePath = p.fields.get('savePath') ?? cat.savePath;
    return ok();
  },
  removeCategories(p, state) {
    for (const name of (p.fields.get('categories') ?? '').split('\n')) {
      state.categories.delete(name);
      for (const t of state.torrents.values()) if (t.category === name) t.category = '';
    }
    return ok();
  },
  setCategory(p, state) {
    const list = selectHashes(p, state);
    const category = p.fields.get('category');
    if (!list || category === undefined) return missing('hashes, category');
    if (category !== '' && !state.categories.has(category)) return { status: 409, text: 'Incorrect category name' };
    for (const t of list) t.category = category;
    return ok();
  },
  tags: (_p, state) => ({ status: 200, json: [...state.tags] }),
  createTags(p, state) {
    (p.fields.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean).forEach((t) => state.tags.add(t));
    return ok();
  },
  addTags(p, state) {
    const list = selectHashes(p, state);
    if (!list) return missing('hashes');
    const tags = (p.fields.get('tags') ?? '').split(',').map((t) => t.trim()).filter(Boolean);
    for (const t of list) for (const tag of tags) if (!t.tags.includes(tag)) t.tags.push(tag);
    tags.forEach((t) => state.tags.add(t));
    return ok();
  },
};
