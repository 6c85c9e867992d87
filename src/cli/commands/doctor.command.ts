import { loadConfigOrExit } from '../../app/run-until-signal.js';
import { createIntegrationClients } from '../../app/integration-clients.js';
import { integrationProbes, runProbe } from '../../app/integration-probes.js';
import type { AppConfig, IntegrationName } from '../../config/config.js';
import { renderDoctorReport, type ProbeResult } from '../../core/status/doctor.js';
import { createSecretMasker } from '../../util/mask-secrets.js';
import { cliLogger } from '../context.js';

export const DEFAULT_PROBE_TIMEOUT_MS = 10_000;

const NOTHING_TO_PROBE: Partial<Record<IntegrationName, string>> = {
  webhooks: 'webhook receiver enabled (WEBHOOK_SECRET set)',
  restApi: 'REST API enabled (API_KEY set)',
};

/** Probes every configured integration concurrently; disabled ones are listed with the reason. */
export async function runDoctor(config: AppConfig, opts: { timeoutMs: number }): Promise<ProbeResult[]> {
  const logger = cliLogger(config);
  const mask = createSecretMasker(config.secretValues);
  // One attempt, no waiting on 429: doctor reports the state now instead of retrying it away.
  const clients = createIntegrationClients(config, { logger, timeoutMs: opts.timeoutMs, retry: { maxAttempts: 1 } });
  const byName = integrationProbes(config, clients, opts.timeoutMs);
  return Promise.all(
    config.integrations.map(async (setting): Promise<ProbeResult> => {
      if (!setting.enabled) return { name: setting.name, outcome: 'disabled', reason: setting.reason ?? 'not configured' };
      const quiet = NOTHING_TO_PROBE[setting.name];
      if (quiet) return { name: setting.name, outcome: 'configured', detail: quiet };
      const probe = byName[setting.name];
      if (!probe) return { name: setting.name, outcome: 'configured', detail: 'configured (no probe)' };
      return runProbe(setting.name, opts.timeoutMs, probe, mask);
    }),
  );
}

/** `cli doctor [--timeout <seconds>]`: one line per integration on stdout; exit 1 when a configured one fails. */
export async function doctorCommand(opts: { timeout?: string }): Promise<number> {
  const config = loadConfigOrExit();
  const seconds = opts.timeout === undefined ? DEFAULT_PROBE_TIMEOUT_MS / 1000 : Number(opts.timeout);
  if (!(seconds > 0 && seconds <= 300)) {
    process.stderr.write('shelfkeeper: --timeout expects seconds between 0 and 300\n');
    return 2;
  }
  const results = await runDoctor(config, { timeoutMs: Math.round(seconds * 1000) });
  const report = renderDoctorReport(results);
  // Every secret value is masked once more at the edge, whatever a probe's message carried.
  const mask = createSecretMasker(config.secretValues);
  process.stdout.write(`${report.lines.map(mask).join('\n')}\n`);
  return report.exitCode;
}
