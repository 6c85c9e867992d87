import type { Request } from 'express';

/** A parsed qBittorrent request: text fields (query for GET, form/multipart for POST) and uploaded .torrent files. */
export interface QbtParams {
  fields: Map<string, string>;
  files: Array<{ filename: string; bytes: Buffer }>;
}

async function rawBody(req: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * qBittorrent reads the query string for GET and a urlencoded or multipart body for POST; JSON bodies are not
 * understood (they simply carry no parameters). Multipart is parsed with the WHATWG Request of Node's fetch.
 */
export async function readParams(req: Request): Promise<QbtParams> {
  const fields = new Map<string, string>();
  const files: QbtParams['files'] = [];
  for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string') fields.set(k, v);
  const type = req.headers['content-type'] ?? '';
  if (req.method === 'POST' && type.startsWith('multipart/form-data')) {
    const body = await rawBody(req);
    const form = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') fields.set(key, value);
      else files.push({ filename: value.name || key, bytes: Buffer.from(await value.arrayBuffer()) });
    }
  } else if (req.method === 'POST' && type.startsWith('application/x-www-form-urlencoded') && req.body && typeof req.body === 'object') {
    for (const [k, v] of Object.entries(req.body as Record<string, unknown>)) if (typeof v === 'string') fields.set(k, v);
  }
  return { fields, files };
}

export const boolParam = (v: string | undefined) => v === 'true';
