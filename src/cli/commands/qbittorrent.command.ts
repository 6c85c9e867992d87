import { loadConfigOrExit } from '../../app/run-until-signal.js';
import { buildCompletionHookCommand, HookCommandError } from '../../core/acquisition/completion-hook.js';
import { createIntegrationClients } from '../../app/integration-clients.js';
import { createSecretMasker } from '../../util/mask-secrets.js';
import { cliLogger } from '../context.js';

/**
 * `qbittorrent setup-hook`: writes qBittorrent's "run external program on torrent finished" through its preferences
 * API, so every finished torrent is announced to POST /webhooks/qbittorrent. `--print` only shows the command.
 */
export async function setupCompletionHook(opts: { serviceUrl?: string; curl?: string; print: boolean }): Promise<number> {
  const config = loadConfigOrExit();
  const mask = createSecretMasker(config.secretValues);
  const fail = (message: string) => {
    process.stderr.write(`shelfkeeper: ${mask(message)}\n`);
    return 1;
  };
  if (!config.security.webhookSecret) return fail('WEBHOOK_SECRET is not set: the webhook would refuse every call');
  const serviceUrl = opts.serviceUrl ?? `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
  let command: string;
  try {
    command = buildCompletionHookCommand({ serviceUrl, secret: config.security.webhookSecret, curlPath: opts.curl });
  } catch (error) {
    if (error instanceof HookCommandError) return fail(error.message);
    throw error;
  }
  if (opts.print) {
    // The secret stays out of terminals and shell history: paste yours where *** stands.
    process.stdout.write(`${mask(command)}\n(replace *** with your WEBHOOK_SECRET)\n`);
    return 0;
  }
  const client = createIntegrationClients(config, { logger: cliLogger(config) }).qbittorrent;
  if (!client) return fail('QBITTORRENT_URL is not set');
  try {
    await client.setPreferences({ autorunEnabled: true, autorunProgram: command });
    const prefs = await client.preferences();
    if (!prefs.autorunEnabled || prefs.autorunProgram !== command) return fail('qBittorrent did not keep the hook (check its version and permissions)');
  } catch (error) {
    return fail(`could not set the hook in qBittorrent: ${(error as Error).message}`);
  }
  process.stdout.write(`qBittorrent will announce finished torrents to ${new URL('/webhooks/qbittorrent', serviceUrl).href}\n`);
  return 0;
}
