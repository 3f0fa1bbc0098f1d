import { performance } from 'node:perf_hooks';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { buildMarketSeries, readMarketBeyond } from '../../lambdas/analysis/index.ts';
import { parseConfig } from '../../lambdas/load-config.ts';
import { applyBeyondToDay } from '../../lambdas/market/rollups/market-day-rollup.ts';
import { dayStartMs, monthsUpTo } from '../../lambdas/market/rollups/rollup-days.ts';
import { rollupsOfSeries } from '../../lambdas/market/rollups/rollups-of-series.ts';
import {
  s3MarketRollupStore,
  s3RollupStore,
} from '../../lambdas/market/rollups/s3-rollup-store.ts';
import { generateScenario } from '../../lambdas/market/scenarios/generate-scenario.ts';
import { generateMarketScenario } from '../../lambdas/market/scenarios/index.ts';
import { createPrng } from '../../lambdas/market/scenarios/prng.ts';
import {
  type DayRollup,
  MARKET_ROLLUP_SCHEMA_VERSION,
  type MarketDayRollup,
  type MarketRollup,
  type MarketSeries,
  type SeriesBar,
} from '../../lambdas/model/index.ts';
import { dynamoDocumentClient, s3Client } from '../../lambdas/publish/aws/aws-clients.ts';
import { DynamoFlushStateStore } from '../../lambdas/publish/flush-state/dynamo-flush-state-store.ts';
import { MemorySiteStore } from '../../lambdas/publish/index.ts';
import { detectAndReport } from '../../lambdas/use-cases/detect-and-report.ts';
import { rollupSeriesSource } from '../../lambdas/use-cases/market-series-source.ts';
import { publishReport } from '../../lambdas/use-cases/publish-report.ts';
import { createFlushStateTable } from '../../test/integration/detect/flush-state-table.ts';
import { EMULATOR_CREDENTIALS, EMULATOR_REGION } from '../../test/integration/emulators.ts';
import { uniqueName } from '../../test/support/dynamo-tables.ts';
import { type BenchSuite, countS3Requests, figure } from '../bench-support.ts';
import { startEmulatorHost } from './send.ts';

const ASSETS = ['BTC', 'ETH', 'SOL'];
const BAR_MS = 5 * 60_000;
const DAYS_BEFORE = 22;

/**
 * A month of an asset's 5-minute series: the simulated long flush (ten calm days, the flush,
 * 27 hours after) preceded by {@link DAYS_BEFORE} days of its own calm bars drawn at random and
 * chained so each closes where the next opens.
 */
function monthOf(asset: string, seed: number): MarketSeries {
  const scenario = generateScenario('long-flush-reclaim', { asset, seed });
  const series = buildMarketSeries(scenario.snapshots, asset, {
    configuredVenues: scenario.configuredVenues,
  });
  const calm = series.bars.slice(0, 5 * 288);
  const rng = createPrng(seed);
  const before: SeriesBar[] = [];
  let next = series.bars[0] as SeriesBar;
  for (let i = 1; i <= DAYS_BEFORE * 288; i += 1) {
    const pick = calm[Math.floor(rng.uniform() * calm.length)] as SeriesBar;
    const f = next.open / pick.close;
    const bar = {
      ...pick,
      openTimeMs: next.openTimeMs - BAR_MS,
      open: pick.open * f,
      high: pick.high * f,
      low: pick.low * f,
      close: pick.close * f,
    };
    before.push(bar);
    next = bar;
  }
  return { ...series, bars: [...before.reverse(), ...series.bars] };
}

/**
 * The simulated wipeout day's market beyond the assets (six more coins on four venues: a 5-minute
 * bar's ten largest orders all day, 24 bulk readings), as the collector rolls it up.
 */
function wipeoutMarketDay(): { market: MarketDayRollup; dayMs: number } {
  const scenario = generateMarketScenario({ seed: 1 });
  const dayMs = Date.parse('2026-03-12T00:00:00Z');
  const span = { fromMs: dayMs, toMs: dayMs + 86_400_000 };
  const market = applyBeyondToDay(undefined, readMarketBeyond(scenario.snapshots, 5), span);
  if (market === undefined) throw new Error('the wipeout scenario read no market beyond its coins');
  return { market, dayMs };
}

/** A market rollup for every day of `rollups`: the wipeout day's, moved to that day. */
function marketRollupsFor(rollups: readonly DayRollup[]): MarketRollup[] {
  const { market, dayMs } = wipeoutMarketDay();
  return rollups.map((rollup) => {
    const shift = dayStartMs(rollup.day) - dayMs;
    return {
      schemaVersion: MARKET_ROLLUP_SCHEMA_VERSION,
      day: rollup.day,
      market: {
        ...market,
        bars5m: market.bars5m.map((b) => ({ ...b, openTimeMs: b.openTimeMs + shift })),
        largest: market.largest.map((l) => ({ ...l, timeMs: l.timeMs + shift })),
        unmapped: market.unmapped.map((u) => ({ ...u, fromMs: u.fromMs + shift })),
        cappedWindows: market.cappedWindows.map((c) => ({ ...c, fromMs: c.fromMs + shift })),
        leverage: market.leverage.map((r) => ({ ...r, atMs: r.atMs + shift })),
      },
    };
  });
}

/** A month of market history with every hour until `toMs` collected (hourly totals drawn at random). */
function historyMonth(month: string, toMs: number) {
  const fromMs = Date.parse(`${month}-01T00:00:00Z`);
  const endMs = Math.min(toMs, new Date(fromMs).setUTCMonth(new Date(fromMs).getUTCMonth() + 1));
  const rng = createPrng(fromMs / 3_600_000);
  const hours = [];
  for (let hourMs = fromMs; hourMs + 3_600_000 <= endMs; hourMs += 3_600_000)
    hours.push({
      hourMs,
      longUsd: Math.round(rng.uniform() * 4e7),
      shortUsd: Math.round(rng.uniform() * 2e7),
    });
  return { month, hours };
}

/**
 * One scheduled detection run (`detectAndReport`, flashes and follow-ups, as the detect
 * function runs every 5 minutes) for BTC, ETH and SOL with the detector's 30-day baseline,
 * reading day rollups from s3rver (in its own process) and the flush state from dynalite.
 * The month ends 27 h after a flush, so the run detects it, finds it too old to flash and
 * publishes nothing: the run every five minutes is like this one.
 */
export const detectSuite: BenchSuite = {
  name: 'detect',
  async run() {
    const host = await startEmulatorHost();
    try {
      const config = parseConfig({
        assets: ASSETS,
        venues: generateScenario('calm').configuredVenues.map((id) => ({ id })),
        aws: { region: EMULATOR_REGION, endpoints: host.endpoints },
      });
      const s3 = s3Client(config, { credentials: EMULATOR_CREDENTIALS });
      const bucket = uniqueName('bench-rollups');
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      const months = ASSETS.map((asset, i) => monthOf(asset, i + 1));
      const rollups = rollupsOfSeries(months);
      const store = s3RollupStore(s3, bucket);
      for (const rollup of rollups) await store.put(rollup, null);
      const doc = dynamoDocumentClient(config, { credentials: EMULATOR_CREDENTIALS });
      const table = await createFlushStateTable(doc);
      const counter = countS3Requests(s3);
      const nowMs = Math.min(...months.map((m) => (m.bars.at(-1)?.openTimeMs ?? 0) + BAR_MS));
      const site = new MemorySiteStore();
      const run = () =>
        detectAndReport({
          market: rollupSeriesSource(store),
          state: new DynamoFlushStateStore(doc, table),
          config,
          nowMs,
          publish: async (rendered, options) =>
            (
              await publishReport(
                rendered,
                { site, artifacts: site, queue: { enqueue: async () => undefined } },
                { ...options, config, nowMs },
              )
            ).meta,
        });
      await run();
      const ms: number[] = [];
      const objects: number[] = [];
      let entries = 0;
      for (let i = 0; i < 5; i += 1) {
        const before = counter.gets;
        const started = performance.now();
        entries += (await run()).entries.length;
        ms.push(performance.now() - started);
        objects.push(counter.gets - before);
      }
      // The read alone: what of the run is I/O and parsing rather than detection.
      const marketStore = s3MarketRollupStore(s3, bucket);
      for (const rollup of marketRollupsFor(rollups)) await marketStore.put(rollup, null);
      for (const month of monthsUpTo(nowMs - 1, 24))
        await marketStore.history.put(historyMonth(month, nowMs), null);
      const timeRead = async (beyond: boolean): Promise<number[]> => {
        const readMs: number[] = [];
        for (let i = 0; i < 5; i += 1) {
          const started = performance.now();
          await rollupSeriesSource(store, marketStore).read({
            assets: ASSETS,
            fromMs: nowMs - (config.detector.baselineDays * 24 + 8) * 3_600_000,
            toMs: nowMs,
            barMinutes: 5,
            beyond,
          });
          readMs.push(performance.now() - started);
        }
        return readMs;
      };
      const readMs = await timeRead(false);
      const marketReadMs = await timeRead(true);
      return {
        readRollups: {
          ...figure(readMs, null),
          note: 'the 32 day rollups of one run, parsed (the market rollups beside them are not read)',
        },
        readRollupsWithMarket: {
          ...figure(marketReadMs, null),
          note: 'the same 32 days and their market rollups, as a market report reads them: each a wipeout day’s market beyond the assets (6 coins × 4 venues, 2,880 orders, 24 bulk readings), and 24 months of market history (every hour of each)',
        },
        run: {
          ...figure(ms, 1_000),
          assets: ASSETS.length,
          baselineDays: config.detector.baselineDays,
          bars5mPerAsset: months.map((m) => m.bars.length),
          published: entries,
          note: 'after one warm-up run; the month ends 27 h after a flush, so nothing is new',
        },
        objectsRead: figure(objects, 40, 'objects'),
        rollupDays: rollups.length,
      };
    } finally {
      await host.stop();
    }
  },
};
