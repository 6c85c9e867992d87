/**
 * `cli doctor`'s verdicts: turns what each integration probe saw into one line per integration and an exit code.
 * Pure: the probes (network, credentials) run in the CLI command; this module only words their outcome, so the
 * same wording can later serve Discord's /status.
 */

/** What a failed probe threw, reduced to the fields that matter here (no integration types in the domain). */
export interface ProbeFailure {
  /** IntegrationError code ('network', 'timeout', 'auth', 'session_expired', 'invalid_response', …), when known. */
  code?: string;
  status?: number;
  /** Already secret-free. */
  message: string;
}

export type ProbeResult =
  /** Reached and authenticated; `version` when the upstream tells it, `detail` e.g. "2 libraries". */
  | { name: string; outcome: 'healthy'; version?: string; detail?: string; authenticated: boolean }
  | { name: string; outcome: 'failed'; failure: ProbeFailure; hint?: string }
  | { name: string; outcome: 'disabled'; reason: string }
  /** Configured, but nothing remote to probe (the webhook receiver, the REST API). */
  | { name: string; outcome: 'configured'; detail: string };

export interface DoctorReport {
  lines: string[];
  /** 0 when every configured integration is healthy, 1 otherwise. */
  exitCode: 0 | 1;
  failed: string[];
}

/** Where in the exchange the probe failed, in an operator's words. */
function failureWords(f: ProbeFailure): string {
  const http = f.status === undefined ? '' : ` (HTTP ${f.status})`;
  switch (f.code) {
    case 'network':
      return `unreachable: ${f.message}`;
    case 'timeout':
      return `unreachable: ${f.message}`;
    case 'auth':
      return `reachable, authentication failed${http}: ${f.message}`;
    case 'session_expired':
      return `reachable, session invalid or expired${http}: ${f.message}`;
    case 'rate_limited':
    case 'budget_exhausted':
      return `reachable, rate-limited${http}: ${f.message}`;
    case 'invalid_response':
      return `reachable, unexpected answer${http}: ${f.message}`;
    case 'invalid_config':
      return `misconfigured: ${f.message}`;
    case undefined:
      return `failed: ${f.message}`;
    default:
      return `reachable, error${http}: ${f.message}`;
  }
}

function describe(result: ProbeResult): { tag: string; text: string } {
  switch (result.outcome) {
    case 'healthy': {
      const parts = ['reachable', result.authenticated ? 'authenticated' : 'no authentication needed'];
      if (result.version) parts.push(`version ${result.version}`);
      if (result.detail) parts.push(result.detail);
      return { tag: 'ok', text: parts.join(', ') };
    }
    case 'failed':
      return { tag: 'FAILED', text: result.hint ? `${failureWords(result.failure)} — ${result.hint}` : failureWords(result.failure) };
    case 'disabled':
      return { tag: 'disabled', text: result.reason };
    case 'configured':
      return { tag: 'ok', text: result.detail };
  }
}

/** One aligned line per integration, in the order given, and the exit code (non-zero when a configured one failed). */
export function renderDoctorReport(results: readonly ProbeResult[]): DoctorReport {
  const width = Math.max(0, ...results.map((r) => r.name.length));
  const lines = results.map((r) => {
    const { tag, text } = describe(r);
    // Single line per integration: an upstream message with newlines would break the one-line contract.
    return `${r.name.padEnd(width)}  ${tag.padEnd(8)}  ${text.replace(/\s*\n\s*/g, ' ')}`;
  });
  const failed = results.filter((r) => r.outcome === 'failed').map((r) => r.name);
  lines.push(failed.length === 0 ? 'all configured integrations healthy' : `${failed.length} configured integration${failed.length === 1 ? '' : 's'} failing: ${failed.join(', ')}`);
  return { lines, exitCode: failed.length === 0 ? 0 : 1, failed };
}
