import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/spawn-service.js';

describe('embedded PostgreSQL and the process exit code', () => {
  // Regression: the package's exit hooks called process.exit(0) on beforeExit, so a failed test run reported success.
  it('leaves an exit code set through process.exitCode alone', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'test/fixtures/scripts/exit-code-after-embedded.ts')], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(result.stderr).not.toMatch(/TypeError/);
    expect(result.status).toBe(3);
  });
});
