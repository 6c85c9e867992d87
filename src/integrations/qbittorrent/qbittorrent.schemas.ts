import { z } from 'zod';

/**
 * Only the fields the client maps (qBittorrent `src/webui/api/serialize/serialize_torrent.cpp`); it sends many more.
 * 4.5 lacks root_path, so it is not used.
 */
export const torrentInfoSchema = z.object({
  hash: z.string().regex(/^[0-9a-f]{40}$/i),
  name: z.string(),
  category: z.string(),
  tags: z.string(),
  state: z.string(),
  progress: z.number().min(0).max(1),
  total_size: z.number(),
  save_path: z.string(),
  content_path: z.string(),
  added_on: z.number(),
  completion_on: z.number(),
  amount_left: z.number(),
  dlspeed: z.number(),
  eta: z.number(),
  /** Seeds connected to us; `num_complete` is the swarm's seeds as the tracker reports them (-1 unknown). */
  num_seeds: z.number(),
  num_complete: z.number(),
  last_activity: z.number(),
  /** Absent on old builds; false while a magnet's metadata is still being fetched. */
  has_metadata: z.boolean().optional(),
});
export type TorrentInfoWire = z.infer<typeof torrentInfoSchema>;
export const torrentListSchema = z.array(torrentInfoSchema);

export const torrentFilesSchema = z.array(
  z.object({ index: z.number().int().optional(), name: z.string(), size: z.number(), progress: z.number() }),
);

export const categoriesSchema = z.record(z.string(), z.object({ name: z.string(), savePath: z.string() }));

export const preferencesSchema = z.object({
  save_path: z.string(),
  autorun_enabled: z.boolean(),
  autorun_program: z.string(),
  web_ui_port: z.number().optional(),
});

/** 5.2 `torrents/add` reply (200, 202 or 409). */
export const addReplySchema = z.object({
  success_count: z.number(),
  failure_count: z.number(),
  pending_count: z.number(),
  added_torrent_ids: z.array(z.string()),
});

export const versionTextSchema = z.string().trim().regex(/^v?\d+\.\d+(\.\d+)?/, 'not a version');
