import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../lib/constructs/aftershock-function.ts';

/** The environment without any AWS credentials or profile: synth must not need them. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')),
  );
  return {
    ...env,
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DISABLE_CLI_TELEMETRY: 'true',
    CDK_DISABLE_VERSION_CHECK: 'true',
  };
}

describe('npx cdk synth', () => {
  it('synthesizes the app from cdk.json offline, with no AWS credentials, cdk-nag clean', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'aftershock-synth-'));
    const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--output', outdir], {
      cwd: PROJECT_ROOT,
      env: offlineEnv(),
      encoding: 'utf8',
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`.slice(-3000)).toBe(0);
    const templateFile = path.join(outdir, 'Aftershock.template.json');
    expect(existsSync(templateFile)).toBe(true);
    const template = JSON.parse(readFileSync(templateFile, 'utf8')) as { Resources: object };
    expect(Object.keys(template.Resources).length).toBeGreaterThan(50);
  }, 300_000);
});
