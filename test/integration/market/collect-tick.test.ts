import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildMarketSeries } from '../../../lambdas/analysis/index.ts';
import {
  type CollectTickInput,
  collectTick,
} from '../../../lambdas/market/collect/collect-tick.ts';
import { NO_MARKETS_CACHE } from '../../../lambdas/market/venues/markets-cache.ts';
import { snapshotSchema } from '../../../lambdas/model/index.ts';
import type { EmulatedLiquidation } from '../../support/exchange-emulator/emulator-types.ts';
import {
  type ExchangeEmulator,
  startExchangeEmulator,
} from '../../support/exchange-emulator/exchange-emulator.ts';

const WS_VENUES = ['binanceusdm', 'bybit', 'okx'];
let emulator: ExchangeEmulator;

function burst(): EmulatedLiquidation[] {
  const timeMs = Date.now();
  return [
    { asset: 'BTC', positionSide: 'long', sizeBase: 1, price: 60_000, timeMs },
    { asset: 'BTC', positionSide: 'short', sizeBase: 2, price: 60_000, timeMs },
    { asset: 'ETH', positionSide: 'long', sizeBase: 3, price: 3_000, timeMs },
  ];
}

function tickInput(overrides: Partial<CollectTickInput> = {}): CollectTickInput {
  return {
    venues: WS_VENUES.map((id) => ({
      id,
      // The emulator has no rate limits; real venues keep ccxt's defaults.
      ccxtOptions: { enableRateLimit: false, options: { ws: { backoff: { base: 0 } } } },
      apiBaseUrl: emulator.urlFor(id),
      timeoutMs: 600,
    })),
    assets: ['BTC', 'ETH', 'SOL'],
    barMinutes: 5,
    barLookbackMinutes: 15,
    // Listening ends this long after the tick starts; start-up (ccxt import, markets) eats into it.
    liquidationWindowMs: 1_500,
    marketsCache: NO_MARKETS_CACHE,
    ...overrides,
  };
}

beforeAll(async () => {
  emulator = await startExchangeEmulator();
});
afterAll(async () => {
  await emulator.stop();
});
beforeEach(() => {
  emulator.clearFaults();
  for (const venue of WS_VENUES) emulator.setSubscribeBurst(venue, burst);
});

describe('collectTick against the exchange emulator', () => {
  it('produces a snapshot the schema parses and the series builder accepts', async () => {
    const snapshot = await collectTick(tickInput());
    expect(snapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot.venues.map((v) => [v.venue, v.status])).toEqual(
      WS_VENUES.map((v) => [v, 'ok']),
    );
    const okx = snapshot.venues.find((v) => v.venue === 'okx');
    const btc = okx?.instruments.find((i) => i.asset === 'BTC');
    expect(btc?.openInterest?.base, 'OKX contracts × 0.01 BTC').toBeCloseTo(80_000);
    const series = buildMarketSeries([snapshot], 'BTC', { configuredVenues: WS_VENUES });
    expect(series.bars.length).toBeGreaterThan(0);
  });

  it('counts every liquidation of a burst by position side on each venue', async () => {
    const snapshot = await collectTick(tickInput());
    for (const venue of snapshot.venues) {
      const btc = venue.instruments.find((i) => i.asset === 'BTC');
      const totals = (btc?.liquidations ?? []).reduce(
        (t, b) => ({
          long: t.long + b.longUsd,
          short: t.short + b.shortUsd,
          n: t.n + b.longCount + b.shortCount,
        }),
        { long: 0, short: 0, n: 0 },
      );
      expect(totals, `${venue.venue} BTC`).toEqual({ long: 60_000, short: 120_000, n: 2 });
    }
  });

  it('keeps Binance taker-buy volume and OI in USD = contracts × mark', async () => {
    const snapshot = await collectTick(tickInput({ venues: tickInput().venues.slice(0, 1) }));
    const btc = snapshot.venues[0]?.instruments.find((i) => i.asset === 'BTC');
    expect(btc?.perpBars[0]?.takerBuyVolumeBase).toBeGreaterThan(0);
    expect(btc?.spotBars?.[0]?.takerBuyVolumeBase, 'spot klines carry it too').toBeGreaterThan(0);
    expect(btc?.openInterest?.usd).toBeCloseTo(80_000 * 60_012);
  });
});

describe('fault modes', () => {
  const faults = ['http500', 'http429', 'http451', 'timeout', 'malformed'] as const;
  for (const fault of faults) {
    it(`marks only the faulty venue failed with a reason on ${fault}`, async () => {
      emulator.setFault('bybit', '/v5/market/tickers', fault);
      const snapshot = await collectTick(tickInput({ liquidationWindowMs: 300 }));
      const bybit = snapshot.venues.find((v) => v.venue === 'bybit');
      expect(bybit?.status).toBe('failed');
      expect(bybit?.error, 'names what went wrong').toMatch(/\w+/);
      expect(snapshot.venues.filter((v) => v.status === 'ok').map((v) => v.venue)).toEqual([
        'binanceusdm',
        'okx',
      ]);
      expect(JSON.stringify(snapshot), 'no NaN leaks into a snapshot').not.toMatch(
        /NaN|null,"usd"/,
      );
    });
  }

  it('does not retry HTTP 451 but retries HTTP 500', async () => {
    const countOi = () =>
      emulator.requests.filter((r) => r.path === '/fapi/v1/openInterest').length;
    const input = tickInput({ venues: tickInput().venues.slice(0, 1), liquidationWindowMs: 200 });
    emulator.setFault('binanceusdm', '/fapi/v1/openInterest', 'http451');
    const before = countOi();
    const geo = await collectTick(input);
    expect(countOi() - before, 'one request per asset, none repeated').toBe(3);
    expect(geo.venues[0]?.error).toMatch(/geo-blocked/);
    emulator.setFault('binanceusdm', '/fapi/v1/openInterest', 'http500');
    const beforeRetry = countOi();
    await collectTick(input);
    expect(countOi() - beforeRetry, 'three attempts per asset').toBe(9);
  });
});

describe('websocket drop mid-window', () => {
  it('reconnects and counts the liquidations before and after the drop', async () => {
    const input = tickInput({ venues: tickInput().venues.slice(0, 1), liquidationWindowMs: 2_000 });
    const running = collectTick(input);
    const dropper = (async () => {
      const ready = emulator.subscribedCount('binanceusdm');
      await emulator.subscribed('binanceusdm', ready + 1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(emulator.dropSockets('binanceusdm')).toBe(1);
    })();
    const [snapshot] = await Promise.all([running, dropper]);
    const btc = snapshot.venues[0]?.instruments.find((i) => i.asset === 'BTC');
    const longCount = (btc?.liquidations ?? []).reduce((n, b) => n + b.longCount, 0);
    expect(longCount, 'one burst before the drop, one after resubscribing').toBe(2);
  });
});

describe('contiguous counting windows', () => {
  it('counts each event once across back-to-back ticks and records when nobody listened', async () => {
    const stale: EmulatedLiquidation = {
      asset: 'BTC',
      positionSide: 'long',
      sizeBase: 100,
      price: 60_000,
      timeMs: Date.now() - 3_600_000,
    };
    emulator.setSubscribeBurst('bybit', () => [...burst(), stale]);
    const input = tickInput({ venues: tickInput().venues.slice(1, 2), liquidationWindowMs: 1_500 });
    const first = await collectTick(input);
    const second = await collectTick({ ...input, windowFromMs: Date.parse(first.window.to) });
    expect(second.window.from, 'the second window starts where the first ended').toBe(
      first.window.to,
    );
    const [gap] = second.venues[0]?.liquidationGaps ?? [];
    expect(gap?.from, 'the time between the two ticks is a recorded gap').toBe(first.window.to);
    expect(Date.parse(gap?.to ?? '')).toBeLessThan(Date.parse(second.window.to));
    // The bar still forming has no perp bar yet (the next tick reads it closed), so the
    // buckets are summed here; the series sums them per bar once that bar exists.
    const longUsd = [first, second]
      .flatMap((s) => s.venues[0]?.instruments.find((i) => i.asset === 'BTC')?.liquidations ?? [])
      .reduce((sum, b) => sum + b.longUsd, 0);
    expect(longUsd, 'one 1-BTC long per tick; the hour-old event in neither window').toBe(120_000);
  });
});
