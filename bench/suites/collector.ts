import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type Plugin } from 'esbuild';
import { collectTick } from '../../lambdas/market/collect/collect-tick.ts';
import type { MarketsCache } from '../../lambdas/market/venues/markets-cache.ts';
import {
  EMULATED_VENUE_IDS,
  startExchangeEmulator,
} from '../../test/support/exchange-emulator/exchange-emulator.ts';
import { type BenchSuite, figure } from '../bench-support.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
// Inside node_modules/ so the bundle's external @aws-sdk imports resolve as in Lambda.
const OUT_DIR = path.join(ROOT, 'node_modules', '.cache', 'aftershock-bench');
const MB = 1024 * 1024;

// ccxt's base class lazily imports protobuf codecs (MEXC, dYdX) that pull in protobufjs, which
// is not installed and which none of the collector's venues use. Bundled inline they would
// become top-level imports; left as lazy imports they are simply never loaded.
const leaveUnusedCodecsLazy: Plugin = {
  name: 'leave-unused-ccxt-codecs-lazy',
  setup(pluginBuild) {
    pluginBuild.onResolve(
      { filter: /protobuf\/mexc\/|dydx-v4-client\/(registry|cosmos)/ },
      (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined),
    );
  },
};

async function bundleHandler(): Promise<{ file: string; bytes: number }> {
  const result = await build({
    entryPoints: [path.join(ROOT, 'lambdas/handlers/collector-handler.ts')],
    bundle: true,
    minify: true,
    write: false,
    platform: 'node',
    format: 'esm',
    // Lambda's Node.js runtime ships the AWS SDK v3, so it is not part of the function bundle.
    external: ['@aws-sdk/*'],
    plugins: [leaveUnusedCodecsLazy],
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

function memoryMarketsCache(): MarketsCache {
  const kept = new Map<string, Record<string, unknown>>();
  return {
    get: async (venue) => kept.get(venue) ?? null,
    put: async (venue, markets) => void kept.set(venue, markets),
  };
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
 * The collector function: minified esbuild bundle size (AWS SDK external, as Lambda provides
 * it), cold import of that bundle in a fresh node process, and one collection tick against the
 * local exchange emulator (every emulated venue × BTC, ETH, SOL; 0.5 s listening window).
 */
export const collectorSuite: BenchSuite = {
  name: 'collector',
  async run() {
    const bundle = await bundleHandler();
    const imports = [0, 1, 2, 3, 4].map(() => coldImportMs(bundle.file));
    const sdkOnly = [0, 1, 2, 3, 4].map(() => coldImportMs('@aws-sdk/client-s3'));
    const ticks = await tickSamples(4);
    return {
      bundle: {
        ...figure([bundle.bytes / MB], 2.5, 'MB'),
        note: '@aws-sdk/* external: the Lambda Node.js runtime ships AWS SDK v3',
      },
      coldImport: {
        ...figure(imports, 300),
        note: 'includes loading @aws-sdk/client-s3 from node_modules (see sdkImportOnly)',
      },
      sdkImportOnly: figure(sdkOnly, null),
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
