import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

async function bundledInputs(entry: string): Promise<string[]> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'esm',
    packages: 'bundle',
    external: ['@napi-rs/canvas', 'protobufjs/*', 'esbuild'],
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs);
}

describe('report path', () => {
  it('does not import ccxt at module load', async () => {
    for (const entry of [
      'lambdas/use-cases/build-report.ts',
      'bin/commands/generate-command.ts',
      'lambdas/handlers/report-handler.ts',
      'lambdas/handlers/detect-handler.ts',
      'lambdas/handlers/digest-handler.ts',
    ]) {
      const inputs = await bundledInputs(entry);
      expect(
        inputs.filter((i) => i.includes('node_modules/ccxt')),
        entry,
      ).toEqual([]);
    }
  });

  it('does pull ccxt into the collector handler (so the check above can fail)', async () => {
    const inputs = await bundledInputs('lambdas/handlers/collector-handler.ts');
    expect(inputs.some((i) => i.includes('node_modules/ccxt/js/src/pro/okx.js'))).toBe(true);
  });
});
