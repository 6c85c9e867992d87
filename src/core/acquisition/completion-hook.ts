/**
 * The "run external program on torrent finished" command for qBittorrent. qBittorrent splits the template into
 * arguments (double quotes group) and fills the placeholders per argument, with no shell. So each field is one quoted
 * `--data-urlencode name=%X` argument: a torrent name containing &, +, % or = arrives intact, which a single
 * `-d "a=%N&b=..."` would break.
 */
export const HOOK_FIELDS: ReadonlyArray<readonly [field: string, placeholder: string]> = [
  ['hash', '%I'],
  ['name', '%N'],
  ['category', '%L'],
  ['tags', '%G'],
  ['content_path', '%F'],
  ['root_path', '%R'],
  ['save_path', '%D'],
  ['file_count', '%C'],
  ['size', '%Z'],
  ['tracker', '%T'],
];

export interface HookCommandInput {
  /** Where qBittorrent can reach this service, e.g. http://shelfkeeper:8788 (no trailing path). */
  serviceUrl: string;
  secret: string;
  curlPath?: string;
}

export class HookCommandError extends Error {}

export function buildCompletionHookCommand(input: HookCommandInput): string {
  let url: URL;
  try {
    url = new URL('/webhooks/qbittorrent', input.serviceUrl);
  } catch {
    throw new HookCommandError(`Not a URL: ${input.serviceUrl}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HookCommandError('The service URL must be http:// or https://');
  // A double quote would end qBittorrent's argument grouping early.
  if (input.secret.includes('"') || url.href.includes('"')) throw new HookCommandError('The secret and the URL must not contain a double quote (")');
  const curl = input.curlPath ?? '/usr/bin/curl';
  const fields = HOOK_FIELDS.map(([field, placeholder]) => `--data-urlencode "${field}=${placeholder}"`).join(' ');
  // --retry covers a service restart; -f makes a 4xx/5xx an error in qBittorrent's log instead of a silent success.
  return `${curl} -fsS --max-time 15 --retry 5 --retry-all-errors --retry-delay 3 -H "X-Webhook-Secret: ${input.secret}" ${fields} "${url.href}"`;
}
