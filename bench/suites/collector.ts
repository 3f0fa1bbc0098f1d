import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { collectTick } from '../../lambdas/market/collect/collect-tick.ts';
import { memoryMarketsCache } from '../../lambdas/market/venues/markets-cache.ts';
import {
  BUNDLE_MAIN_FIELDS,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
} from '../../lib/constructs/aftershock-function.ts';
import {
  EMULATED_VENUE_IDS,
  startExchangeEmulator,
} from '../../test/support/exchange-emulator/exchange-emulator.ts';
import { type BenchSuite, figure } from '../bench-support.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Outside the project, so the import finds nothing in node_modules: the bundle is all there is.
const OUT_DIR = path.join(tmpdir(), 'aftershock-bench-collector');
const MB = 1024 * 1024;

async function bundleHandler(): Promise<{ file: string; bytes: number }> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'lambdas/handlers/collector-handler.ts')],
    bundle: true,
    minify: true,
    write: false,
    platform: 'node',
    format: 'esm',
    // As the stack bundles it (lib/constructs/aftershock-function.ts).
    mainFields: BUNDLE_MAIN_FIELDS,
    banner: { js: ESM_REQUIRE_BANNER },
    external: EXTERNAL_MODULES,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild produced no output');
  mkdirSync(OUT_DIR, { recursive: true });
  const file = path.join(OUT_DIR, 'collector-handler.mjs');
  writeFileSync(file, output.contents);
  return { file, bytes: output.contents.byteLength };
}

function coldImportMs(specifier: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: OUT_DIR,
  });
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  const ms = last === '' ? Number.NaN : Number(last);
  if (run.status !== 0 || !Number.isFinite(ms))
    throw new Error(`cold import failed: ${run.stderr}`);
  return ms;
}

async function tickSamples(runs: number): Promise<number[]> {
  const emulator = await startExchangeEmulator();
  const cache = memoryMarketsCache();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const snapshot = await collectTick({
        venues: EMULATED_VENUE_IDS.map((id) => ({
          id,
          apiBaseUrl: emulator.urlFor(id),
          // The emulator has no rate limits; real venues keep ccxt's defaults.
          ccxtOptions: { enableRateLimit: false },
          timeoutMs: 2_000,
        })),
        assets: ['BTC', 'ETH', 'SOL'],
        barMinutes: 5,
        barLookbackMinutes: 20,
        liquidationWindowMs: 500,
        marketsCache: cache,
      });
      samples.push(performance.now() - started);
      const bad = snapshot.venues.filter((v) => v.status !== 'ok');
      if (bad.length > 0) throw new Error(`tick not clean: ${JSON.stringify(bad)}`);
    }
  } finally {
    await emulator.stop();
  }
  return samples;
}

/**
 * The collector function: minified esbuild bundle size (bundled as the stack bundles it, AWS
 * SDK included), cold import of that bundle in a fresh node process, and one collection tick against the
 * local exchange emulator (every emulated venue × BTC, ETH, SOL; 0.5 s listening window).
 */
export const collectorSuite: BenchSuite = {
  name: 'collector',
  async run() {
    const bundle = await bundleHandler();
    const imports = [0, 1, 2, 3, 4].map(() => coldImportMs(bundle.file));
    const ticks = await tickSamples(4);
    return {
      bundle: {
        ...figure([bundle.bytes / MB], 2.5, 'MB'),
        note: 'the AWS SDK S3 client is bundled in, as the stack bundles it',
      },
      coldImport: figure(imports, 300),
      tick: {
        ...figure(ticks, 2_000),
        venues: EMULATED_VENUE_IDS,
        assets: 3,
        listeningWindowMs: 500,
        note: 'first sample loads markets; later ones use the markets cache',
      },
    };
  },
};
