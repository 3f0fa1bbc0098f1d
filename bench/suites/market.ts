import { performance } from 'node:perf_hooks';
import {
  buildCoinSeries,
  buildMarketWideSeries,
  detectMarketFlushes,
} from '../../lambdas/analysis/index.ts';
import { parseConfig } from '../../lambdas/load-config.ts';
import {
  generateMarketScenario,
  MARKET_WIPEOUT_COINS,
  type MarketCoinPlan,
} from '../../lambdas/market/scenarios/index.ts';
import {
  buildMarketFacts,
  renderMarketReport,
  siteSettingsOf,
} from '../../lambdas/report/index.ts';
import { type BenchSuite, figure } from '../bench-support.ts';

/** The wipeout's coins repeated under new names until there are `count` (XRP2, DOGE2…). */
function coinsOf(count: number): MarketCoinPlan[] {
  return Array.from({ length: count }, (_, i) => {
    const plan = MARKET_WIPEOUT_COINS[i % MARKET_WIPEOUT_COINS.length] as MarketCoinPlan;
    const round = Math.floor(i / MARKET_WIPEOUT_COINS.length);
    return { coin: round === 0 ? plan.coin : `${plan.coin}${round + 1}`, plan: plan.plan };
  });
}

/**
 * How the market analysis grows with the number of coins (ticks → per-coin series → market series
 * → flushes), and the market report stage alone (facts + article + charts + page and email) on
 * the 12-coin wipeout, warm. The target is the report under 1 s.
 */
export const marketSuite: BenchSuite = {
  name: 'market',
  async run() {
    const config = parseConfig({});
    const growth: Record<string, unknown> = {};
    let twelve: ReturnType<typeof detectMarketFlushes> | null = null;
    for (const count of [3, 6, 12, 24]) {
      const scenario = generateMarketScenario({ coins: coinsOf(count) });
      const samples: number[] = [];
      for (let run = 0; run < 2; run++) {
        const started = performance.now();
        const { series } = buildCoinSeries(scenario.snapshots, scenario.coins, {
          configuredVenues: scenario.configuredVenues,
        });
        const market = detectMarketFlushes(buildMarketWideSeries(series), config.detector);
        samples.push(performance.now() - started);
        if (count === 12) twelve = market;
      }
      growth[`analysis${count}CoinsMs`] = figure(samples, null);
      growth[`analysis${count}CoinsMsPerCoin`] = figure(
        samples.map((s) => s / count),
        null,
      );
    }
    if (!twelve?.flushes[0]) throw new Error('the 12-coin wipeout has no market flush');
    const market = twelve;
    const flush = twelve.flushes[0];
    const asOfMs = (market.series.bars.at(-1)?.openTimeMs ?? 0) + 5 * 60_000;
    const site = siteSettingsOf(config);
    const stage = async () => {
      const facts = buildMarketFacts({ market, flush, asOfMs, regime: config.regime });
      await renderMarketReport({ facts, series: market.series, site });
    };
    await stage(); // warm-up: font registration, template compile
    const reportMs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      await stage();
      reportMs.push(performance.now() - started);
    }
    return { ...growth, marketReportStageWarmMs: figure(reportMs, 1000) };
  },
};
