import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import { type CollectTickInput, collectTick } from '../../lambdas/market/collect/collect-tick.ts';
import { loadExchangeClass } from '../../lambdas/market/venues/ccxt-exchange-loader.ts';
import { memoryMarketsCache } from '../../lambdas/market/venues/markets-cache.ts';
import {
  BUNDLE_MAIN_FIELDS,
  ESM_REQUIRE_BANNER,
  EXTERNAL_MODULES,
} from '../../lib/constructs/aftershock-function.ts';
import type {
  EmulatedLiquidation,
  EmulatorRequest,
} from '../../test/support/exchange-emulator/emulator-types.ts';
import {
  EMULATED_VENUE_IDS,
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../test/support/exchange-emulator/exchange-emulator.ts';
import {
  EMULATED_ASSETS,
  EMULATED_LONG_TAIL,
  EMULATED_PRICES,
  generatedCoins,
} from '../../test/support/exchange-emulator/market-fixtures.ts';
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

/** A tick over every emulated venue × BTC, ETH, SOL, listening for `listeningMs`. */
function benchTickInput(
  emulator: ExchangeEmulator,
  cache: ReturnType<typeof memoryMarketsCache>,
  listeningMs: number,
): CollectTickInput {
  return {
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
    liquidationWindowMs: listeningMs,
    marketsCache: cache,
  };
}

async function tickSamples(runs: number): Promise<number[]> {
  const emulator = await startExchangeEmulator();
  const cache = memoryMarketsCache();
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i += 1) {
      const started = performance.now();
      const snapshot = await collectTick(benchTickInput(emulator, cache, 500));
      samples.push(performance.now() - started);
      const bad = snapshot.venues.filter((v) => v.status !== 'ok');
      if (bad.length > 0) throw new Error(`tick not clean: ${JSON.stringify(bad)}`);
    }
  } finally {
    await emulator.stop();
  }
  return samples;
}

/** Symbols Bybit listens to in the whole-market tick (the config default). */
const TOP_N = 30;
const TICK_MS = 300_000;
/** Binance's documented REQUEST_WEIGHT limit per IP and minute (exchangeInfo). */
const BINANCE_WEIGHT_PER_MINUTE = 2_400;

// One liquidation of each listed coin and one of a coin no venue lists, stamped now: the feeds
// carry the whole market, Bybit only its top N.
function marketBurst(coins: readonly string[]): () => EmulatedLiquidation[] {
  return () => {
    const timeMs = Date.now();
    return [...coins, 'NEWCOIN'].map((asset, i) => ({
      asset,
      positionSide: i % 3 === 0 ? ('short' as const) : ('long' as const),
      sizeBase: 10_000 / (EMULATED_PRICES[asset] ?? 1),
      price: EMULATED_PRICES[asset] ?? 1,
      timeMs,
    }));
  };
}

interface WholeMarketTick {
  ms: number;
  peakRssMb: number;
  requests: Record<string, number>;
  /** Binance's futures request weight the tick spent, as ccxt's API table costs each request. */
  binanceWeight: number;
  subscriptions: Record<string, number>;
}

/** One ccxt API table entry: a cost, another without a symbol, or one by `limit`. */
interface EndpointCost {
  cost: number;
  noSymbol?: number;
  byLimit?: Array<[number, number]>;
}

// Binance weighs a request by endpoint and arguments (ticker/24hr: 1 for a symbol, 40 for all;
// klines by limit); ccxt's API table holds those weights, so the tick's requests are priced by it.
async function binanceWeightOf(requests: readonly EmulatorRequest[]): Promise<number> {
  const Binance = await loadExchangeClass('binanceusdm');
  const table = (new Binance().api as { fapiPublic: { get: Record<string, EndpointCost> } })
    .fapiPublic.get;
  let weight = 0;
  for (const r of requests) {
    if (r.venue !== 'binanceusdm' || !r.path.startsWith('/fapi/v1/')) continue;
    const entry = table[r.path.slice('/fapi/v1/'.length)];
    if (entry === undefined) throw new Error(`no ccxt cost for Binance ${r.path}`);
    const query = new URLSearchParams(r.query);
    const limit = Number(query.get('limit') ?? 500);
    weight += entry.byLimit
      ? (entry.byLimit.find(([upTo]) => limit <= upTo)?.[1] ?? entry.cost)
      : !query.has('symbol') && entry.noSymbol !== undefined
        ? entry.noSymbol
        : entry.cost;
  }
  return weight;
}

async function wholeMarketTick(
  emulator: ExchangeEmulator,
  cache: ReturnType<typeof memoryMarketsCache>,
): Promise<WholeMarketTick> {
  const requestsBefore = emulator.requests.length;
  const subscribedBefore = Object.fromEntries(
    EMULATED_VENUE_IDS.map((v) => [v, emulator.subscribedCount(v)]),
  );
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 10);
  const started = performance.now();
  const snapshot = await collectTick({
    ...benchTickInput(emulator, cache, 1_000),
    market: { topN: TOP_N },
  });
  const ms = performance.now() - started;
  clearInterval(sampler);
  const bad = snapshot.venues.filter((v) => v.status !== 'ok');
  if (bad.length > 0) throw new Error(`whole-market tick not clean: ${JSON.stringify(bad)}`);
  const made = emulator.requests.slice(requestsBefore);
  const requests: Record<string, number> = {};
  for (const r of made) requests[r.venue] = (requests[r.venue] ?? 0) + 1;
  const subscriptions = Object.fromEntries(
    EMULATED_VENUE_IDS.map((v) => [v, emulator.subscribedCount(v) - (subscribedBefore[v] ?? 0)]),
  );
  return {
    ms,
    peakRssMb: peakRss / MB,
    requests,
    binanceWeight: await binanceWeightOf(made),
    subscriptions,
  };
}

/**
 * Whole-market ticks (DESIGN.md §4) over markets of growing width: the three assets' instruments,
 * Binance and OKX on their all-market feeds, Bybit's top 30 by open interest, Gate's one range
 * read. The first tick of each width loads markets; the figures are of the ticks after it.
 */
async function wholeMarketWidths(): Promise<Record<string, unknown>> {
  const byWidth: Record<string, unknown> = {};
  for (const extra of [10, 40, 120]) {
    const emulator = await startExchangeEmulator({ market: true, extraCoins: extra });
    const listed = [...EMULATED_ASSETS, ...EMULATED_LONG_TAIL, ...generatedCoins(extra)];
    for (const venue of ['binanceusdm', 'bybit', 'okx'])
      emulator.setSubscribeBurst(venue, marketBurst(listed));
    const cache = memoryMarketsCache();
    const ticks: WholeMarketTick[] = [];
    try {
      for (let i = 0; i < 4; i += 1) {
        emulator.setRecordedLiquidations('gate', marketBurst(listed)());
        ticks.push(await wholeMarketTick(emulator, cache));
      }
    } finally {
      await emulator.stop();
    }
    const warm = ticks.slice(1);
    const last = warm.at(-1);
    byWidth[`${listed.length} coins listed`] = {
      tick: figure(
        warm.map((t) => t.ms),
        null,
      ),
      peakRssMb: figure(
        warm.map((t) => t.peakRssMb),
        null,
        'MB',
      ),
      requestsPerTick: last?.requests,
      binanceWeightPerTick: last?.binanceWeight,
      subscriptionsPerTick: last?.subscriptions,
    };
  }
  return byWidth;
}

// What ccxt's own rate limiter paces each venue to (one request per `rateLimit` ms), per tick.
async function pacedRequestsPerTick(): Promise<Record<string, number>> {
  const paced: Record<string, number> = {};
  for (const id of EMULATED_VENUE_IDS) {
    const ExchangeClass = await loadExchangeClass(id as Parameters<typeof loadExchangeClass>[0]);
    const rateLimitMs = Number(new ExchangeClass().rateLimit);
    paced[id] = Math.floor(TICK_MS / rateLimitMs);
  }
  return paced;
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
    const wholeMarket = await wholeMarketWidths();
    const paced = await pacedRequestsPerTick();
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
      wholeMarketTick: {
        ...wholeMarket,
        topN: TOP_N,
        listeningWindowMs: 1_000,
        ccxtPacedRequestsPerFiveMinuteTick: paced,
        binanceWeightPerFiveMinuteTick: 5 * BINANCE_WEIGHT_PER_MINUTE,
        note: 'ticks after the first of each width (it loads markets); requests and websocket subscriptions are those of the last tick, counted by the emulator; Binance weight is its futures requests priced by ccxt’s API table (ticker/24hr for every symbol weighs 40, klines by limit)',
      },
    };
  },
};
